// Writes docs/asyncapi.json from the contracts (`pnpm --filter @li-bus/contracts asyncapi`); CI fails on drift.
import { writeFile } from 'node:fs/promises';
import { buildAsyncApi } from '../src/asyncapi.ts';
import { CONTRACTS_VERSION } from '../src/version.ts';

const file = new URL('../../../docs/asyncapi.json', import.meta.url);
await writeFile(file, `${JSON.stringify(buildAsyncApi(CONTRACTS_VERSION), null, 2)}\n`);
console.log('wrote docs/asyncapi.json');
