import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Everything this authorization server hands out is 256 random bits with a prefix that names what it is (so a
 * leaked one is recognisable, e.g. by secret scanners). Only the sha256 digest is ever stored.
 */
export const TOKEN_PREFIX = {
  accessToken: 'lbat_',
  refreshToken: 'lbrt_',
  authorizationCode: 'lbac_',
  clientSecret: 'lbcs_',
  clientId: 'lbc_',
  request: 'lbar_',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIX;

export function newToken(kind: TokenKind): string {
  return `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a token: sha256, base64url (also a valid NATS KV key). */
export function tokenDigest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
export const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;
