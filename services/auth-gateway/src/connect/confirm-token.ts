import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONNECT_TTL_MS, digest, randomToken } from './connect-sessions.ts';

/** The browser secret a confirmation form's token is derived from (HttpOnly, SameSite, never in a page). */
export const CONFIRM_COOKIE = 'li_confirm';
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/** What a confirmation form starts: a backend's pending flow, or a self-serve kind. */
export type ConfirmTarget = { session: string } | { kind: 'member' | 'organization' };

function targetKey(target: ConfirmTarget): string {
  return 'session' in target ? `session:${target.session}` : `kind:${target.kind}`;
}

/** The form token: a digest of the browser's cookie and the target; nothing is stored on our side. */
function tokenFor(secret: string, target: ConfirmTarget): string {
  return digest(`confirm\n${secret}\n${targetKey(target)}`);
}

/**
 * Tokens for the confirmation forms shown by this answer. The browser keeps one secret cookie (set here when it
 * has none) so several tabs can each confirm their own flow; a page elsewhere can neither read a token nor send
 * the SameSite cookie with a cross-site POST.
 */
export function confirmTokens(
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
): (target: ConfirmTarget) => string {
  const existing = request.cookies[CONFIRM_COOKIE];
  const secret = existing !== undefined && WELL_FORMED.test(existing) ? existing : randomToken();
  reply.setCookie(CONFIRM_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    // `/`: the connect page (`/connect`) and the confirmation page share one secret, whichever was opened first.
    path: '/',
    maxAge: CONNECT_TTL_MS / 1000,
  });
  return (target) => tokenFor(secret, target);
}

/** Whether `token` came from a confirmation form this browser was shown for `target`. */
export function isConfirmTokenValid(request: FastifyRequest, token: unknown, target: ConfirmTarget): boolean {
  const secret = request.cookies[CONFIRM_COOKIE];
  if (typeof token !== 'string' || secret === undefined || !WELL_FORMED.test(secret)) return false;
  const expected = Buffer.from(tokenFor(secret, target));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
