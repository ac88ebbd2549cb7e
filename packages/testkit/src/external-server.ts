import type { ManagedServer } from './managed-server.ts';

/** Wraps a server given by env (NATS_URL / REDIS_URL); it cannot be stopped or restarted. */
export function createExternalServer(envName: string, url: string, defaultPort: number): ManagedServer {
  const first = url.split(',')[0]?.trim() ?? url;
  const parsed = new URL(first.includes('://') ? first : `tcp://${first}`);
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  const refuse = async (): Promise<never> => {
    throw new Error(
      `${envName} points at an external server (${first}); stop/restart needs a testkit-managed server: unset ${envName}`,
    );
  };
  return { url, port, external: true, stop: refuse, restart: refuse, close: async () => {} };
}
