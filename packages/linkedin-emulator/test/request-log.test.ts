import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../src/index.ts';
import {
  codeFields,
  exchange,
  getCode,
  memberUrn,
  postBody,
  restHeaders,
  setup,
  type TokenResponse,
} from './helpers.ts';

describe('request log', () => {
  it('records every LinkedIn call without tokens, secrets, codes or cookies', async () => {
    const { app, state } = setup();
    const code = await getCode(app);
    const tokens = (await exchange(app, codeFields(code))).json<TokenResponse>();
    await app.inject({
      method: 'GET',
      url: '/v2/userinfo',
      headers: { authorization: `Bearer ${tokens.access_token}`, cookie: 'li_at=session-cookie-value' },
    });
    await app.inject({
      method: 'POST',
      url: '/rest/posts',
      headers: restHeaders(tokens.access_token),
      payload: postBody(memberUrn(state), 'logged'),
    });
    // a client that (wrongly) puts secrets in the query string
    await app.inject({
      method: 'POST',
      url: `/oauth/v2/accessToken?code=${code}&client_secret=emulator-client-secret&grant_type=x`,
    });
    await app.inject({ method: 'GET', url: '/_emulator/posts' });

    const res = await app.inject({ method: 'GET', url: '/_emulator/requests' });
    const log = res.json<RequestLogEntry[]>();
    expect(log.map((e) => [e.method, e.path.split('?')[0], e.status])).toEqual([
      ['GET', '/oauth/v2/authorization', 302],
      ['POST', '/oauth/v2/accessToken', 200],
      ['GET', '/v2/userinfo', 200],
      ['POST', '/rest/posts', 201],
      ['POST', '/oauth/v2/accessToken', 400],
    ]);
    expect(log[0]?.path).toContain('state=st-1');
    expect(log[2]?.headers['authorization']).toBe('Bearer [REDACTED]');
    expect(log[2]?.headers).not.toHaveProperty('cookie');
    expect(log[3]?.headers['linkedin-version']).toBe('202609');
    expect(log[4]?.path).toBe(
      '/oauth/v2/accessToken?code=%5BREDACTED%5D&client_secret=%5BREDACTED%5D&grant_type=x',
    );
    expect(log[0]?.time).toBe(state.clock.now());

    const text = res.body;
    for (const secret of [
      code,
      tokens.access_token,
      tokens.refresh_token ?? 'missing',
      tokens.id_token ?? 'missing',
      'emulator-client-secret',
      'session-cookie-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    await app.close();
  });
});
