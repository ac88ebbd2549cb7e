// What `./dev start` tells the CLI (`.data/dev-stack.env`: the NATS it runs, the LinkedIn it talks to) and the
// keys it generated (`.data/dev-secrets.json`), so that `pnpm cli …` works on the dev stack without settings.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

export const DEV_STACK_FILE = '.data/dev-stack.env';
const dataDir = fileURLToPath(new URL('../../../.data/', import.meta.url));

async function readOr<T>(path: string, parse: (text: string) => T): Promise<T | undefined> {
  try {
    return parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Sets, in `env`, what the dev stack knows and `env` does not say (the environment wins); returns the names it
 * set. Nothing when `./dev start` is not running from this checkout.
 */
export async function applyDevStackSettings(env: NodeJS.ProcessEnv): Promise<string[]> {
  const stack = await readOr(`${dataDir}dev-stack.env`, (text) => parseEnv(text) as Record<string, string>);
  if (!stack) return [];
  const secrets = await readOr(
    `${dataDir}dev-secrets.json`,
    (text) => JSON.parse(text) as { tokenEncryptionKeys?: string },
  );
  const known: Record<string, string | undefined> = {
    ...stack,
    TOKEN_ENCRYPTION_KEYS: secrets?.tokenEncryptionKeys,
  };
  const applied: string[] = [];
  for (const [key, value] of Object.entries(known)) {
    if (value && !env[key]) {
      env[key] = value;
      applied.push(key);
    }
  }
  return applied;
}
