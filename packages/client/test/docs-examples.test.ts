import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeIssues, MESSAGE_SCHEMAS, postRequested } from '@li-bus/contracts';

const docs = new URL('../../../docs/', import.meta.url);

/** The JSON between `body:begin` and `body:end` marker lines of an example program. */
function bodyOf(source: string): unknown {
  const match = /body:begin\n([\s\S]*?)\n[^\n]*body:end/.exec(source);
  if (!match?.[1]) throw new Error('no body markers');
  return JSON.parse(match[1].replace(/^\s*"""\s*$/gm, ''));
}

describe('integration guide examples', () => {
  it.each(['examples/python/send_post.py', 'examples/go/send_post.go'])(
    '%s sends a valid post.requested',
    async (path) => {
      const result = postRequested.safeParse(bodyOf(await readFile(new URL(path, docs), 'utf8')));
      expect(result.success ? '' : describeIssues(result.error)).toBe('');
    },
  );

  it('every ```json <subject> block in docs/integrating.md is valid for its subject', async () => {
    const guide = await readFile(new URL('integrating.md', docs), 'utf8');
    const blocks = [...guide.matchAll(/```json ([a-z.]+)\n([\s\S]*?)```/g)];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const [, subject, json] of blocks) {
      const schema = MESSAGE_SCHEMAS[subject as keyof typeof MESSAGE_SCHEMAS];
      expect(schema, `unknown subject ${subject}`).toBeDefined();
      const result = schema.safeParse(JSON.parse(json ?? ''));
      expect(result.success ? '' : `${subject}: ${describeIssues(result.error)}`).toBe('');
    }
  });
});
