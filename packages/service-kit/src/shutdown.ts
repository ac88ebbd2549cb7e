import closeWithGrace from 'close-with-grace';
import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run(): unknown;
}

/**
 * One ordered shutdown on SIGTERM/SIGINT: each step in turn (readiness to 503, stop intake, finish in-flight,
 * drain NATS, quit Redis, flush telemetry). `delayMs` bounds the whole run; keep it under the pod's grace period.
 */
export function installShutdown(logger: Logger, steps: ShutdownStep[], delayMs = 10_000): void {
  closeWithGrace({ delay: delayMs, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'fatal error; shutting down');
    else logger.info({ signal }, 'shutting down');
    await runSteps(logger, steps);
  });
}

export async function runSteps(logger: Logger, steps: ShutdownStep[]): Promise<void> {
  for (const step of steps) {
    try {
      await step.run();
    } catch (err) {
      logger.warn({ err, step: step.name }, 'shutdown step failed');
    }
  }
}
