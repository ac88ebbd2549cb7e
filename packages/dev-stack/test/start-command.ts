// `./dev start` (`node packages/dev-stack/src/start.ts --root <dir>`) as a process for tests: every port it binds
// is a free one, so it never meets a developer's own `./dev start`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@li-bus/testkit';

const START = fileURLToPath(new URL('../src/start.ts', import.meta.url));

export interface StartCommand {
  process: ChildProcess;
  /** Every line it printed (stdout and stderr). */
  output: string[];
  gatewayUrl: string;
  /** SIGTERM, and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts it with `env` (on top of PATH and the free ports) and waits until it says it is up. */
export async function runStartCommand(root: string, env: Record<string, string>): Promise<StartCommand> {
  const [gateway, keeper, publisher, emulator, gatewayMetrics, keeperMetrics, publisherMetrics] =
    await Promise.all(Array.from({ length: 7 }, () => freePort()));
  const gatewayUrl = `http://127.0.0.1:${gateway}`;
  const child = spawn(process.execPath, [START, '--root', root], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['NATS_SERVER_BIN'] ? { NATS_SERVER_BIN: process.env['NATS_SERVER_BIN'] } : {}),
      LINKEDIN_REDIRECT_URI: `${gatewayUrl}/oauth/linkedin/callback`,
      TOKEN_KEEPER_PORT: String(keeper),
      PUBLISHER_PORT: String(publisher),
      EMULATOR_PORT: String(emulator),
      GATEWAY_METRICS_PORT: String(gatewayMetrics),
      TOKEN_KEEPER_METRICS_PORT: String(keeperMetrics),
      PUBLISHER_METRICS_PORT: String(publisherMetrics),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`start exited (${child.exitCode})`);
      return output.some((line) => line.includes('LinkedIn publishing is up.'));
    },
    { timeoutMs: 50_000, message: 'the start command did not come up' },
  ).catch(async (error: unknown) => {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`, { cause: error });
  });
  return { process: child, output, gatewayUrl, stop };
}
