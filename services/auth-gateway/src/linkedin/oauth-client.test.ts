import { describe, expect, it } from 'vitest';
import { parseScopes } from './oauth-client.ts';

describe('parseScopes', () => {
  it('accepts the comma-separated form LinkedIn returns and the space-separated form it documents', () => {
    expect(parseScopes('email,openid,profile')).toEqual(['email', 'openid', 'profile']);
    expect(parseScopes('openid profile  w_member_social')).toEqual(['openid', 'profile', 'w_member_social']);
    expect(parseScopes('openid, profile')).toEqual(['openid', 'profile']);
  });

  it('treats a missing scope as none', () => {
    expect(parseScopes(undefined)).toEqual([]);
  });
});
