import { generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from 'node:crypto';

export const ISSUER = 'https://www.linkedin.com';
const ID_TOKEN_TTL_SECONDS = 3600;

export interface IdTokenSigner {
  /** RS256-signed JWT with LinkedIn's claims; `iat`/`exp` from the emulated clock. */
  sign(claims: Record<string, unknown>, audience: string, nowMs: number): string;
  jwks(): { keys: JsonWebKey[] };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The RSA key is made on first use (about 50 ms), so emulators that never issue an id_token stay cheap. */
export function createIdTokenSigner(): IdTokenSigner {
  const kid = randomBytes(8).toString('hex');
  let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  const keyPair = () => (keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));

  return {
    sign(claims, audience, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const header = base64url({ alg: 'RS256', kid, typ: 'JWT' });
      const payload = base64url({
        iss: ISSUER,
        aud: audience,
        iat,
        exp: iat + ID_TOKEN_TTL_SECONDS,
        ...claims,
      });
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), keyPair().privateKey);
      return `${header}.${payload}.${signature.toString('base64url')}`;
    },
    jwks() {
      const jwk = keyPair().publicKey.export({ format: 'jwk' });
      return { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] };
    },
  };
}
