import { fetchUserInfo, type LinkedInApp, type TokenGrant, type UserInfo } from './oauth-client.ts';

/** The `iss` of LinkedIn's id_tokens. */
export const LINKEDIN_ISSUER = 'https://www.linkedin.com';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The member named by the grant's id_token (OpenID Connect, granted with the `openid` scope), or undefined when
 * there is none or it is not for us now: another issuer or audience, expired, no `sub`. The id_token came
 * straight from LinkedIn's token endpoint in answer to our authenticated request, so, as OpenID Connect Core
 * §3.1.3.7 allows, that channel vouches for it instead of its signature; issuer, audience and expiry are checked.
 */
export function memberFromIdToken(app: LinkedInApp, grant: TokenGrant, nowMs: number): UserInfo | undefined {
  const payload = grant.idToken?.split('.')[1];
  if (!payload) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const audience = claims['aud'];
  const forUs = audience === app.clientId || (Array.isArray(audience) && audience.includes(app.clientId));
  const exp = claims['exp'];
  const current = typeof exp === 'number' && exp * 1000 > nowMs;
  const sub = text(claims['sub']);
  if (claims['iss'] !== LINKEDIN_ISSUER || !forUs || !current || !sub) return undefined;
  const email = text(claims['email']);
  const picture = text(claims['picture']);
  return {
    sub,
    name: text(claims['name']) ?? '',
    ...(email !== undefined ? { email } : {}),
    ...(picture !== undefined ? { picture } : {}),
  };
}

/**
 * The member who just consented: from the id_token when the grant carries a usable one (no second LinkedIn
 * call), else from `/v2/userinfo`. Both hold the same claims for the same scopes.
 */
export async function readMember(app: LinkedInApp, grant: TokenGrant, nowMs = Date.now()): Promise<UserInfo> {
  return memberFromIdToken(app, grant, nowMs) ?? fetchUserInfo(app, grant.accessToken);
}
