import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Ctx } from './context.ts';

type Json = string | number | boolean | null | object;
type Computed<T> = T | ((ctx: Ctx) => T);

/**
 * One documented behaviour: `ref` cites the reference section and names the case (e.g. `§9.2 expired token`).
 * `arrange` prepares state, `request` is the single call under test, the rest is what LinkedIn answers.
 */
export interface ConformanceCase {
  ref: string;
  arrange?: (ctx: Ctx) => Promise<void>;
  request: (ctx: Ctx) => InjectOptions | Promise<InjectOptions>;
  status: number;
  /** The exact JSON body. */
  json?: Json | ((ctx: Ctx) => Json);
  /** A subset of the JSON body (`toMatchObject`). */
  match?: Computed<object>;
  /** Response headers: a string or RegExp to match, `null` for "absent". */
  headers?: Record<string, string | RegExp | null>;
  /** The raw body: exact string or RegExp. */
  body?: string | RegExp;
  /** Extra checks after the call (state, follow-up calls). */
  verify?: (ctx: Ctx, res: LightMyRequestResponse) => void | Promise<void>;
}

export const resolve = <T>(value: T | ((ctx: Ctx) => T), ctx: Ctx): T =>
  typeof value === 'function' ? (value as (ctx: Ctx) => T)(ctx) : value;
