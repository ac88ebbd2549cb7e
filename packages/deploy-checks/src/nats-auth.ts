import { readFile } from 'node:fs/promises';
import { repoPath } from './repo-paths.ts';

export interface NatsUser {
  user: string;
  password: string;
  permissions?: {
    publish?: { allow?: string[]; deny?: string[] };
    subscribe?: { allow?: string[]; deny?: string[] };
    allow_responses?: boolean;
  };
}

export const AUTH_CONF = 'deploy/nats/auth.conf';

/** The environment variable that holds each user's password in auth.conf and the Helm values. */
export const PASSWORD_ENV: Record<string, string> = {
  'auth-gateway': 'NATS_GATEWAY_PASSWORD',
  'token-keeper': 'NATS_KEEPER_PASSWORD',
  publisher: 'NATS_PUBLISHER_PASSWORD',
  client: 'NATS_CLIENT_PASSWORD',
  admin: 'NATS_ADMIN_PASSWORD',
};

/**
 * Reads deploy/nats/auth.conf, which is kept to the JSON subset of the NATS config format: comment lines,
 * `authorization:` and `$NATS_*_PASSWORD` environment references are the only non-JSON parts.
 */
export async function readAuthConf(): Promise<NatsUser[]> {
  const text = await readFile(repoPath(AUTH_CONF), 'utf8');
  const json = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/^authorization:\s*/m, '')
    .replace(/:\s*\$(NATS_[A-Z_]+)/g, ': "$$$1"');
  const parsed = JSON.parse(json) as { users: NatsUser[] };
  return parsed.users;
}
