import { describe, expect, it } from 'vitest';
import { LINKEDIN_ISSUER, memberFromIdToken } from './read-member.ts';
import type { LinkedInApp, TokenGrant } from './oauth-client.ts';

const app: LinkedInApp = {
  clientId: 'our-client',
  clientSecret: 'secret',
  redirectUri: 'https://gateway.example/oauth/linkedin/callback',
  authBase: 'https://www.linkedin.com',
  apiBase: 'https://api.linkedin.com',
  timeoutMs: 1000,
};
const NOW = Date.parse('2026-12-01T12:00:00Z');
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const grantWith = (claims: Record<string, unknown>): TokenGrant => ({
  accessToken: 'AQtoken',
  expiresInSeconds: 3600,
  scopes: ['openid', 'profile', 'email'],
  idToken: `${part({ alg: 'RS256' })}.${part(claims)}.signature`,
});
const valid = {
  iss: LINKEDIN_ISSUER,
  aud: 'our-client',
  exp: NOW / 1000 + 60,
  sub: 'member-1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  picture: 'https://media.example/ada.png',
};

describe('memberFromIdToken', () => {
  it('reads the member of an id_token issued by LinkedIn for our client', () => {
    expect(memberFromIdToken(app, grantWith(valid), NOW)).toEqual({
      sub: 'member-1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      picture: 'https://media.example/ada.png',
    });
    expect(memberFromIdToken(app, grantWith({ ...valid, aud: ['other', 'our-client'] }), NOW)?.sub).toBe(
      'member-1',
    );
  });

  it.each([
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://attacker.example' }],
    ['an expired token', { exp: NOW / 1000 - 1 }],
    ['no expiry', { exp: undefined }],
    ['no subject', { sub: '' }],
  ])('is undefined (so /v2/userinfo is asked) for %s', (_name, change) => {
    expect(memberFromIdToken(app, grantWith({ ...valid, ...change }), NOW)).toBeUndefined();
  });

  it('is undefined without an id_token or with one that is not a JWT', () => {
    const { idToken: _none, ...withoutIdToken } = grantWith(valid);
    expect(memberFromIdToken(app, withoutIdToken, NOW)).toBeUndefined();
    expect(memberFromIdToken(app, { ...withoutIdToken, idToken: 'not-a-jwt' }, NOW)).toBeUndefined();
    expect(memberFromIdToken(app, { ...withoutIdToken, idToken: 'a.%%%.c' }, NOW)).toBeUndefined();
  });
});
