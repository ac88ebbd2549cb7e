import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../config.ts';
import type { CallbackErrorCode } from '../http/errors.ts';

/** `target` with `params` set on its query. */
export function withQuery(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** Sends the browser to `target` (or the connect page) with `?error=<code>`. */
export function failTo(
  reply: FastifyReply,
  deps: { config: Pick<GatewayConfig, 'publicOrigin'> },
  target: string | null,
  code: CallbackErrorCode,
) {
  reply.header('referrer-policy', 'no-referrer');
  return reply.redirect(withQuery(target ?? `${deps.config.publicOrigin}/connect`, { error: code }), 302);
}
