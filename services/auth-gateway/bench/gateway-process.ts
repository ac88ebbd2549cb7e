/**
 * The gateway as the callback bench runs it, in its own process: real NATS, the given LinkedIn emulator, no
 * token-keeper stand-in (it runs in its own process too). `node gateway-process.ts <port> <emulatorUrl>`.
 */
import { fileURLToPath } from 'node:url';
import { startListeningGateway } from '../test/listening-gateway.ts';
import { serveUntilTerminated, spawnBenchProcess } from './bench-process.ts';

export interface GatewayProcessReady {
  url: string;
  natsUrl: string;
  /** The member app's scopes and LinkedIn timeout, for the bare route and the bench's own consents. */
  memberScopes: string[];
  timeoutMs: number;
}

/** The emulator's fixed app (`EMULATOR_CLIENT_ID` / `_SECRET` defaults): not a secret of ours. */
export const EMULATOR_APP = { clientId: 'emulator-client-id', clientSecret: 'emulator-client-secret' };

export const spawnGateway = (port: number, emulatorUrl: string, nodeArgs: string[] = []) =>
  spawnBenchProcess<GatewayProcessReady>(
    fileURLToPath(import.meta.url),
    [String(port), emulatorUrl],
    nodeArgs,
  );

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [port, emulatorUrl] = process.argv.slice(2);
  if (!port || !emulatorUrl) throw new Error('usage: gateway-process.ts <port> <emulatorUrl>');
  const gateway = await startListeningGateway({
    port: Number(port),
    emulator: { url: emulatorUrl, ...EMULATOR_APP },
    tokenKeeper: false,
  });
  const ready: GatewayProcessReady = {
    url: gateway.url,
    natsUrl: gateway.natsUrl,
    memberScopes: gateway.config.linkedin.memberScopes,
    timeoutMs: gateway.config.linkedin.timeoutMs,
  };
  serveUntilTerminated(ready, () => gateway.close());
}
