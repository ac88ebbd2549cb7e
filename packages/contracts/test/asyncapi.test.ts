import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { buildAsyncApi, CONTRACTS_VERSION, EXAMPLES, MESSAGE_SCHEMAS, SUBJECTS } from '../src/index.ts';

const file = new URL('../../../docs/asyncapi.json', import.meta.url);

describe('AsyncAPI document', () => {
  it('has an example for every subject that its own schema accepts', () => {
    for (const [subject, schema] of Object.entries(MESSAGE_SCHEMAS)) {
      const result = schema.safeParse(EXAMPLES[subject as keyof typeof EXAMPLES]);
      expect(result.success, `${subject}: ${result.error?.message ?? ''}`).toBe(true);
    }
  });

  it('is committed without drift (run `pnpm --filter @li-bus/contracts asyncapi` after changing a contract)', async () => {
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(buildAsyncApi(CONTRACTS_VERSION));
  });

  it('parses and validates with @asyncapi/parser, with every design subject as a channel', async () => {
    const { document, diagnostics } = await new Parser().parse(await readFile(file, 'utf8'));
    const errors = diagnostics.filter((diagnostic) => Number(diagnostic.severity) === 0); // 0: DiagnosticSeverity.Error;
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    const addresses =
      document
        ?.channels()
        .all()
        .map((channel) => channel.address()) ?? [];
    for (const subject of Object.values(SUBJECTS)) expect(addresses).toContain(subject);
  });
});
