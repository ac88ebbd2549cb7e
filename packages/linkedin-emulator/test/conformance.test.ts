import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resolve } from './conformance/case.ts';
import { createCtx } from './conformance/context.ts';
import { CONFORMANCE_CASES } from './conformance-cases.ts';
import { setup } from './helpers.ts';

// One emulator for the whole table (its RSA key is made once); each row starts from `reset()`.
const emulator = setup();
beforeEach(() => {
  emulator.state.reset();
});
afterAll(async () => {
  await emulator.app.close();
});

describe('conformance with reference/linkedin-api.md', () => {
  it('names every row uniquely after a reference section', () => {
    const refs = CONFORMANCE_CASES.map((c) => c.ref);
    expect(new Set(refs).size).toBe(refs.length);
    for (const ref of refs) expect(ref).toMatch(/^§\d+(\.\d+)? \S/);
  });

  it.each(CONFORMANCE_CASES.map((c) => [c.ref, c] as const))('%s', async (_ref, row) => {
    const ctx = createCtx(emulator.app, emulator.state);
    await row.arrange?.(ctx);
    const res = await emulator.app.inject(await row.request(ctx));
    expect(res.statusCode, res.body).toBe(row.status);
    if (row.json !== undefined) expect(res.json()).toEqual(resolve(row.json, ctx));
    if (row.match !== undefined) expect(res.json()).toMatchObject(resolve(row.match, ctx));
    for (const [name, want] of Object.entries(row.headers ?? {})) {
      const got = res.headers[name];
      if (want === null) expect(got, name).toBeUndefined();
      else if (want instanceof RegExp) expect(String(got), name).toMatch(want);
      else expect(got, name).toBe(want);
    }
    if (typeof row.body === 'string') expect(res.body).toBe(row.body);
    else if (row.body) expect(res.body).toMatch(row.body);
    await row.verify?.(ctx, res);
  });
});
