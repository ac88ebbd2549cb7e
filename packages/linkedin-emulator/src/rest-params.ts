import type { FastifyRequest } from 'fastify';
import { validationError, type LinkedInError } from './linkedin-errors.ts';
import { readParam } from './params.ts';

/** Rest.li's `PARAM_INVALID` in the validation shape (reference §9.1 sample). */
export const paramInvalid = (name: string, description: string): LinkedInError =>
  validationError(400, [{ fieldPath: name, code: 'PARAM_INVALID', description }]);

function rawPath(request: FastifyRequest): string {
  return (request.raw.url ?? request.url).split('?')[0] ?? '';
}

function rawQueryValue(request: FastifyRequest, name: string): string | undefined {
  const query = (request.raw.url ?? request.url).split('?')[1] ?? '';
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key === name) return value;
  }
  return undefined;
}

/**
 * The last path segment as a resource key. Under Rest.li 2.0 the key must be URL-encoded (`urn%3Ali%3A…`),
 * so a raw `:` is rejected (reference §9.6).
 */
export function resourceKey(request: FastifyRequest): string {
  const segment = rawPath(request).split('/').pop() ?? '';
  if (segment.includes(':') || segment.includes('(')) {
    throw paramInvalid('key', `The resource key ${segment} must be URL-encoded under Rest.li protocol 2.0.0`);
  }
  return decodeURIComponent(segment);
}

/** `ids=List(a,b)`: the syntax must not be percent-encoded (reference §11.10); the items may be. */
export function listParam(request: FastifyRequest, name: string): string[] | undefined {
  const raw = rawQueryValue(request, name);
  if (raw === undefined) return undefined;
  const match = /^List\((.*)\)$/.exec(raw);
  if (!match)
    throw paramInvalid(name, `${name} must use the Rest.li List(...) syntax without percent-encoding`);
  const items = (match[1] ?? '').split(',').filter((item) => item !== '');
  return items.map((item) => decodeURIComponent(item));
}

export interface Paging {
  start: number;
  count: number;
}

/** `start` (default 0) and `count` (default 10, at most 100). */
export function pagingOf(query: unknown): Paging {
  const read = (name: string, fallback: number, max: number): number => {
    const text = readParam(query, name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > max)
      throw paramInvalid(name, `${name} must be an integer from 0 to ${max}`);
    return value;
  };
  return { start: read('start', 0, Number.MAX_SAFE_INTEGER), count: read('count', 10, 100) };
}

/** A finder page: `{elements, paging: {start, count, links: [], total}}`. */
export function page<T>(all: T[], paging: Paging): { elements: T[]; paging: Record<string, unknown> } {
  return {
    elements: all.slice(paging.start, paging.start + paging.count),
    paging: { start: paging.start, count: paging.count, links: [], total: all.length },
  };
}
