// Writes packages/contracts/schemas/*.json from the zod schemas (`pnpm --filter @li-bus/contracts schemas`).
import { mkdir, writeFile } from 'node:fs/promises';
import { buildJsonSchemas } from '../src/json-schema.ts';

const dir = new URL('../schemas/', import.meta.url);
await mkdir(dir, { recursive: true });
for (const [file, schema] of Object.entries(buildJsonSchemas())) {
  await writeFile(new URL(file, dir), `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(`wrote ${Object.keys(buildJsonSchemas()).length} schemas to packages/contracts/schemas/`);
