// Where `./dev start` says which NATS it runs on, so that `pnpm cli …` finds it without NATS_URL.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const DEV_NATS_URL_FILE = '.data/nats-url';
const path = fileURLToPath(new URL(`../../../${DEV_NATS_URL_FILE}`, import.meta.url));

/** The URL `./dev start` wrote (no credentials), or undefined when it is not running from this checkout. */
export async function readDevNatsUrl(): Promise<string | undefined> {
  try {
    const url = (await readFile(path, 'utf8')).trim();
    return url === '' ? undefined : url;
  } catch {
    return undefined;
  }
}
