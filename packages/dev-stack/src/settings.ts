// The settings of `./dev start`: `.env` at the repository root, when present, under the process environment.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** Values the start command gives each service on its own; one shared setting must not replace them. */
export const PER_SERVICE_KEYS: readonly string[] = ['PORT', 'METRICS_PORT', 'OTEL_SERVICE_NAME'];

export type SettingSource = 'environment' | '.env';

export interface Settings {
  /** `.env` under the process environment; an empty value means unset (as in `.env.example`) and is dropped. */
  values: Record<string, string>;
  /** Where a value came from, or `undefined` when it is unset. */
  sourceOf(key: string): SettingSource | undefined;
  /** The `.env` file read, if there was one. */
  file?: {
    path: string;
    /** Every variable the file sets. */
    keys: string[];
    /** Those the process environment overrides. */
    overridden: string[];
  };
}

async function readEnvFile(path: string): Promise<Record<string, string> | undefined> {
  try {
    // Node's own `.env` grammar (`process.loadEnvFile`): comments, quotes, `export KEY=…`, multi-line values.
    return parseEnv(await readFile(path, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads `<root>/.env` when present; `environment` (the process environment) wins over it. */
export async function loadSettings(root: string, environment: NodeJS.ProcessEnv): Promise<Settings> {
  const path = join(root, '.env');
  const found = await readEnvFile(path);
  const fromFile = found ?? {};
  const fromEnvironment = Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const merged = { ...fromFile, ...fromEnvironment };
  const values = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ''));
  const keys = Object.keys(fromFile).sort();
  return {
    values,
    sourceOf: (key) =>
      values[key] === undefined ? undefined : key in fromEnvironment ? 'environment' : '.env',
    ...(found ? { file: { path, keys, overridden: keys.filter((key) => key in fromEnvironment) } } : {}),
  };
}

/** What every service gets from the settings: all of them but the per-service values. */
export function sharedServiceEnv(settings: Settings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings.values).filter(([key]) => !PER_SERVICE_KEYS.includes(key)),
  );
}

/** `read settings from /repo/.env (3 variables; the environment wins for LOG_LEVEL)`: names only, never values. */
export function describeSettingsFile(settings: Settings, root: string): string {
  const { file } = settings;
  if (!file) return `no .env in ${root}: the process environment and the defaults`;
  const count = `${file.keys.length} variable${file.keys.length === 1 ? '' : 's'}`;
  const overridden = file.overridden.length ? `; the environment wins for ${file.overridden.join(', ')}` : '';
  return `read settings from ${file.path} (${count}${overridden})`;
}

/** `GATEWAY_API_KEYS from .env`, or `… <fallback>` when the start command supplies the value itself. */
export function describeOrigin(settings: Settings, key: string, fallback: string): string {
  const source = settings.sourceOf(key);
  return `${key} ${source === undefined ? fallback : `from ${source === '.env' ? '.env' : 'the environment'}`}`;
}
