// Watches the three service processes while a scenario runs: `/readyz` of each every `intervalMs`, and every
// process exit (a crash: nothing in a scenario that uses this stops a service on purpose).
import { Agent, request } from 'undici';
import type { TestSystem } from '@li-bus/dev-stack/system';

export interface ServiceWatchResult {
  probes: number;
  /** Probes answered other than 200 (or not answered), by service. */
  notReady: Record<string, number>;
  exits: string[];
  /** The first few failed probes: which service, what it answered (or the error), how long it took. */
  failures: string[];
}

export interface ServiceWatch {
  /** One more probe of every service now (the "after" check); returns how many were not ready. */
  probeNow(): Promise<number>;
  stop(): Promise<ServiceWatchResult>;
}

export function watchServices(system: TestSystem, intervalMs = 500): ServiceWatch {
  const services = Object.values(system.stack.services);
  const result: ServiceWatchResult = { probes: 0, notReady: {}, exits: [], failures: [] };
  const onExit = new Map<string, (code: number | null, signal: string | null) => void>();
  for (const service of services) {
    const listener = (code: number | null, signal: string | null) =>
      void result.exits.push(`${service.name} exited (${code ?? signal})`);
    onExit.set(service.name, listener);
    service.process.on('exit', listener);
    if (service.process.exitCode !== null || service.process.signalCode !== null) {
      result.exits.push(`${service.name} had already exited`);
    }
  }
  // Like a kubelet: a fresh connection per probe, never a keep-alive socket shared with the scenario's traffic
  // (a socket the server is closing after a refused request would read as a reset, not as "not ready").
  const probes = new Agent();
  const probe = async () => {
    let failures = 0;
    await Promise.all(
      services.map(async (service) => {
        result.probes++;
        const sent = Date.now();
        const problem = await request(`${service.url}/readyz`, {
          dispatcher: probes,
          reset: true,
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        }).then(
          async (answer) => {
            await answer.body.dump();
            return answer.statusCode === 200 ? undefined : `answered ${answer.statusCode}`;
          },
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        const ok = problem === undefined;
        if (!ok && result.failures.length < 20) {
          result.failures.push(`${service.name} /readyz: ${problem} after ${Date.now() - sent} ms`);
        }
        if (!ok) {
          failures++;
          result.notReady[service.name] = (result.notReady[service.name] ?? 0) + 1;
        }
      }),
    );
    return failures;
  };
  let probing = probe();
  let stopping: Promise<ServiceWatchResult> | undefined;
  const timer = setInterval(() => {
    probing = probing.then(probe, probe);
  }, intervalMs);
  return {
    probeNow: () => (probing = probing.then(probe, probe)),
    // Idempotent: a scenario may stop it in its body and again in its `finally`.
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        await probing.catch(() => 0);
        for (const service of services) {
          const listener = onExit.get(service.name);
          if (listener) service.process.off('exit', listener);
        }
        await probes.close();
        return result;
      })();
      return stopping;
    },
  };
}
