import type { Logger } from 'pino';
import { SUBJECTS } from '@li-bus/contracts';
import type { EventPublisher } from '@li-bus/messaging';
import type { RefusalStore } from './refusal-store.ts';
import { LinkedInVersionUnsupportedError } from './version-errors.ts';
import type { VersionMetrics } from './version-metrics.ts';

/** Says whether an error is LinkedIn refusing the version (426), with a short reason, or undefined. */
export type RefusalOf = (error: unknown) => string | undefined;

/**
 * The `LinkedIn-Version` every LinkedIn call sends: the first configured one not known to be refused. A 426
 * is recorded in the shared state (so other replicas skip that version without hitting it) and the call is
 * repeated at once with the next version; only when every configured version is refused does a call fail,
 * with `LinkedInVersionUnsupportedError`.
 */
export interface LinkedInVersions {
  readonly configured: readonly string[];
  /** The version to send now (reads the shared state). */
  current(): Promise<string>;
  /** Runs `call` with the current version; after a refusal, records it and runs `call` again with the next. */
  run<T>(call: (version: string) => Promise<T>): Promise<T>;
}

export interface LinkedInVersionsDeps {
  configured: readonly string[];
  store: RefusalStore;
  refusalOf: RefusalOf;
  events: EventPublisher;
  metrics: VersionMetrics;
  logger: Logger;
  /** The service name carried by `linkedin.version.changed`. */
  service: string;
  now?: () => number;
}

export function createLinkedInVersions(deps: LinkedInVersionsDeps): LinkedInVersions {
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ component: 'linkedin-versions' });
  let last: string | undefined;

  async function pick(): Promise<{ version: string } | { refusedAll: true }> {
    const refused = await deps.store.refused(now());
    const version = deps.configured.find((candidate) => !refused.has(candidate));
    if (version === undefined) return { refusedAll: true };
    if (version !== last) {
      if (last !== undefined)
        logger.info({ from: last, to: version }, 'now sending LinkedIn-Version %s', version);
      last = version;
      deps.metrics.inUse(version);
    }
    return { version };
  }

  async function announce(from: string, reason: string, refusedAt: number): Promise<void> {
    const refused = await deps.store.refused(refusedAt);
    const to = deps.configured.find((candidate) => !refused.has(candidate));
    const fields = { from, to, reason };
    if (to === undefined) {
      logger.error(
        fields,
        'LinkedIn refused LinkedIn-Version %s and no other configured version is left',
        from,
      );
      return;
    }
    logger.warn(fields, 'LinkedIn refused LinkedIn-Version %s: every replica now sends %s', from, to);
    deps.metrics.changed(from, to);
    await deps.events.publish(SUBJECTS.linkedinVersionChanged, {
      eventId: `linkedin-version:${from}:${refusedAt}`,
      from,
      to,
      reason,
      service: deps.service,
      changedAt: new Date(refusedAt).toISOString(),
    });
  }

  return {
    configured: deps.configured,
    async current() {
      const picked = await pick();
      if ('refusedAll' in picked) throw new LinkedInVersionUnsupportedError(deps.configured);
      return picked.version;
    },
    async run(call) {
      let lastRefusal: unknown;
      // Each configured version is tried at most once per call: a refusal always moves on.
      for (let round = 0; round <= deps.configured.length; round += 1) {
        const picked = await pick();
        if ('refusedAll' in picked) {
          throw new LinkedInVersionUnsupportedError(deps.configured, { cause: lastRefusal });
        }
        try {
          return await call(picked.version);
        } catch (error) {
          const reason = deps.refusalOf(error);
          if (reason === undefined) throw error;
          lastRefusal = error;
          deps.metrics.refusal(picked.version);
          const refusedAt = now();
          if (await deps.store.record(picked.version, { refusedAt, reason })) {
            // The switch is recorded; a lost event must not fail the call that is about to succeed.
            await announce(picked.version, reason, refusedAt).catch((failure: unknown) =>
              logger.error({ err: failure }, 'could not publish linkedin.version.changed'),
            );
          }
        }
      }
      throw new LinkedInVersionUnsupportedError(deps.configured, { cause: lastRefusal });
    },
  };
}
