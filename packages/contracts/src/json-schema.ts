import { z } from 'zod';
import { MESSAGE_SCHEMAS, REQUEST_SCHEMAS } from './catalog.ts';

/** JSON Schema (draft 2020-12) for every subject's body, keyed by file name, for documentation. */
export function buildJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [subject, schema] of Object.entries(MESSAGE_SCHEMAS)) {
    out[`${subject}.json`] = z.toJSONSchema(schema, { io: 'input' });
  }
  for (const [subject, pair] of Object.entries(REQUEST_SCHEMAS)) {
    out[`${subject}.request.json`] = z.toJSONSchema(pair.request, { io: 'input' });
    out[`${subject}.reply.json`] = z.toJSONSchema(pair.reply, { io: 'input' });
  }
  return out;
}
