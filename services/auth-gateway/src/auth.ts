import type { FastifyRequest } from 'fastify';
import { findApiKey, keyAllowsTenant, type ApiKey } from './api-keys.ts';
import { HttpError } from './errors.ts';

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

/** The caller's API key, or 401. */
export function requireApiKey(request: FastifyRequest, keys: readonly ApiKey[]): ApiKey {
  const presented = presentedKey(request);
  const key = presented ? findApiKey(keys, presented) : undefined;
  if (!key) throw new HttpError(401, 'unauthorized', 'a valid API key is required');
  return key;
}

/** The caller's key must be bound to `tenantId`, else 403: one tenant never touches another's data. */
export function requireTenantAccess(
  request: FastifyRequest,
  keys: readonly ApiKey[],
  tenantId: string,
): ApiKey {
  const key = requireApiKey(request, keys);
  if (!keyAllowsTenant(key, tenantId))
    throw new HttpError(403, 'forbidden', 'this API key may not act for that tenant');
  return key;
}
