import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas, MESSAGE_SCHEMAS, REQUEST_SCHEMAS } from '../src/index.ts';

const dir = new URL('../schemas/', import.meta.url);

describe('JSON Schema output', () => {
  it('covers every subject of the design table', () => {
    const files = Object.keys(buildJsonSchemas());
    for (const subject of Object.keys(MESSAGE_SCHEMAS)) expect(files).toContain(`${subject}.json`);
    for (const subject of Object.keys(REQUEST_SCHEMAS)) expect(files).toContain(`${subject}.request.json`);
  });

  it('is committed without drift (run `pnpm --filter @li-bus/contracts schemas` after changing a schema)', async () => {
    const generated = buildJsonSchemas();
    expect((await readdir(dir)).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, schema] of Object.entries(generated)) {
      expect(JSON.parse(await readFile(new URL(file, dir), 'utf8')), file).toEqual(schema);
    }
  });
});
