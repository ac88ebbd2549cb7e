import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { repoPath } from './repo-paths.ts';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  read_only?: boolean;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export async function readComposeText(): Promise<string> {
  return readFile(repoPath('docker-compose.yml'), 'utf8');
}

/** docker-compose.yml with YAML merge keys (`<<: *app`) resolved, as compose reads it. */
export async function loadCompose(): Promise<ComposeFile> {
  return parse(await readComposeText(), { merge: true }) as ComposeFile;
}

/** Compose variable interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$$`. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?-)([^}]*))?\}/g,
    (match, name?: string, op?: string, fallback?: string) => {
      if (match === '$$') return '$';
      const current = env[name ?? ''];
      if (op === ':-') return current ? current : (fallback ?? '');
      if (op === '-') return current ?? fallback ?? '';
      return current ?? '';
    },
  );
}

/** A service's environment as the container gets it, for the given host environment. */
export function serviceEnvironment(
  service: ComposeService,
  host: Record<string, string | undefined> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), host)]),
  );
}
