import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { codeFields, exchange, getCode, setup, type TestEmulator } from './helpers.ts';

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('POST /oauth/v2/accessToken (authorization_code)', () => {
  it('returns LinkedIn token fields, a verifiable id_token and a refresh token', async () => {
    emulator = setup();
    const code = await getCode(emulator.app, { scope: 'profile openid email w_member_social' });
    const res = await exchange(emulator.app, codeFields(code));
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(
      [
        'access_token',
        'expires_in',
        'id_token',
        'refresh_token',
        'refresh_token_expires_in',
        'scope',
        'token_type',
      ].sort(),
    );
    expect(body).toMatchObject({
      expires_in: 5184000,
      scope: 'email,openid,profile,w_member_social',
      token_type: 'Bearer',
      refresh_token_expires_in: 31536000,
    });
    expect(String(body['access_token']).length).toBeGreaterThanOrEqual(450);
    expect(String(body['access_token']).length).toBeLessThan(1000);

    const [header, payload, signature] = String(body['id_token']).split('.');
    const claims = decodePart(payload);
    expect(decodePart(header)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(claims).toMatchObject({
      iss: 'https://www.linkedin.com',
      aud: 'emulator-client-id',
      sub: emulator.state.defaultMember.sub,
      email: emulator.state.defaultMember.email,
      email_verified: true,
    });
    const jwks = (await emulator.app.inject({ method: 'GET', url: '/oauth/openid/jwks' })).json<{
      keys: JsonWebKey[];
    }>();
    const key = createPublicKey({ key: jwks.keys[0] ?? {}, format: 'jwk' });
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      key,
      Buffer.from(signature ?? '', 'base64url'),
    );
    expect(valid).toBe(true);
  });
});
