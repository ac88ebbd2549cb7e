// The frame of a delivery scenario (bars: lost 0, duplicates 0, every request terminal): the reliability system
// up, members connected, terminal events and `POST /rest/posts` creates watched from the start, the services'
// log tail added to any error; at the end, the delivery figures over what LinkedIn stored and the POSTS stream.
import { connectMembers, type ConnectedMember } from './connect-members.ts';
import { deliveryFigures } from './delivery-figures.ts';
import { collectPostCreates, emulatorPosts, type EmulatorRequest } from './emulator-admin.ts';
import { readPostLedger, watchTerminal } from './post-outcomes.ts';
import {
  retryWindowMs,
  SCENARIO_PUBLISHER_ENV,
  startReliabilitySystem,
  type ReliabilitySystem,
  type ReliabilitySystemOptions,
} from './reliability-system.ts';
import type { Figure } from './scenario.ts';

export interface DeliveryRunOptions {
  members: number;
  /** Interruptions (killed or restarted processes or servers) the retry window allows for. */
  interruptions: number;
  /** Downtime each interruption may cost (`retryWindowMs`'s default when absent). */
  interruptionMs?: number;
  system?: ReliabilitySystemOptions;
}

export interface DeliveryRun {
  system: ReliabilitySystem;
  members: ConnectedMember[];
  /** `retryWindowMs` of the scenario publisher settings with the run's interruptions. */
  windowMs: number;
  /** requestIds seen ending so far (live, from the core subscription). */
  terminal: { done: ReadonlySet<string> };
  /** When the watches started (epoch ms). */
  started: number;
  /** "time to all terminal": from `since` (default `started`) to now. */
  timeToAllTerminal(since?: number): Figure;
  /** Stops the watches and counts the delivery of `requestIds` (scheduled ones from their `notBefore`). */
  finish(requestIds: readonly string[], notBeforeOf?: ReadonlyMap<string, number>): Promise<DeliveryEnd>;
}

export interface DeliveryEnd {
  /** The delivery figures with their bars (`deliveryFigures`). */
  figures: Figure[];
  /** Every `POST /rest/posts` the emulator saw during the run. */
  creates: EmulatorRequest[];
  /** False when the emulator's request log wrapped between reads (201 counts are then a lower bound). */
  complete: boolean;
}

/** Runs `body` in a delivery run; the system is closed whatever happens. */
export async function withDeliveryRun(
  options: DeliveryRunOptions,
  body: (run: DeliveryRun) => Promise<Figure[]>,
): Promise<Figure[]> {
  const windowMs = retryWindowMs(SCENARIO_PUBLISHER_ENV, options.interruptions, options.interruptionMs);
  const system = await startReliabilitySystem(options.system);
  let stopWatches = async () => {};
  try {
    const members = await connectMembers({
      gatewayUrl: system.gatewayUrl,
      emulatorUrl: system.emulator.url,
      nc: system.nc,
      count: options.members,
    });
    const terminal = watchTerminal(system.nc);
    const creates = collectPostCreates(system.emulator.url);
    const started = Date.now();
    stopWatches = async () => {
      terminal.stop();
      await creates.stop().catch(() => undefined);
    };
    return await body({
      system,
      members,
      windowMs,
      terminal,
      started,
      timeToAllTerminal: (since = started) => ({
        name: 'time to all terminal',
        value: (Date.now() - since) / 1000,
        unit: 's',
      }),
      async finish(requestIds, notBeforeOf) {
        stopWatches = async () => {};
        terminal.stop();
        const { creates: createLog, complete } = await creates.stop();
        const figures = deliveryFigures({
          requestIds,
          posts: await emulatorPosts(system.emulator.url),
          creates: createLog,
          ledger: await readPostLedger(system.nc),
          windowMs,
          ...(notBeforeOf ? { notBeforeOf } : {}),
        });
        return { figures, creates: createLog, complete };
      },
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- service log tail ---\n${system.logTail()}`, {
      cause: error,
    });
  } finally {
    await stopWatches();
    await system.close();
  }
}
