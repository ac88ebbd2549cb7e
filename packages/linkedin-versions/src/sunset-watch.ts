import type { Logger } from 'pino';
import { DAY_MS, expectedSunset } from './expected-sunset.ts';
import type { LinkedInVersions } from './linkedin-versions.ts';

/** Warn when the version in use has fewer days than this before its expected sunset. */
export const SUNSET_WARNING_DAYS = 90;

export interface SunsetWatchDeps {
  versions: Pick<LinkedInVersions, 'current' | 'configured'>;
  logger: Logger;
  now?: () => number;
  /** Runs `check` every `everyMs`; returns a stop function. Default: an unref'd `setInterval`. */
  schedule?: (check: () => void, everyMs: number) => () => void;
  everyMs?: number;
}

export interface SunsetWatch {
  /** The check made at start. */
  first: Promise<boolean>;
  /** One check (also run at start and then daily): true when it warned. */
  check(): Promise<boolean>;
  stop(): void;
}

function defaultSchedule(check: () => void, everyMs: number): () => void {
  const timer = setInterval(check, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A `warn` at start and once a day while the version in use has less than 90 days left. */
export function startSunsetWatch(deps: SunsetWatchDeps): SunsetWatch {
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ component: 'linkedin-versions' });
  async function check(): Promise<boolean> {
    let version: string;
    try {
      version = await deps.versions.current();
    } catch (error) {
      logger.error({ err: error }, 'no configured LinkedIn-Version is usable');
      return false;
    }
    const sunset = expectedSunset(version);
    const daysLeft = Math.floor((sunset.at - now()) / DAY_MS);
    if (daysLeft >= SUNSET_WARNING_DAYS) return false;
    const newer = deps.versions.configured.filter((other) => other > version);
    logger.warn(
      {
        version,
        expectedSunset: new Date(sunset.at).toISOString().slice(0, 10),
        sunsetSource: sunset.source,
        daysLeft,
        configured: deps.versions.configured,
      },
      newer.length > 0
        ? 'LinkedIn-Version %s in use sunsets in about %d days; %s will take over after its 426'
        : 'LinkedIn-Version %s in use sunsets in about %d days: add a newer active version to LINKEDIN_VERSION',
      version,
      daysLeft,
      newer.join(', '),
    );
    return true;
  }
  const first = check();
  const stop = (deps.schedule ?? defaultSchedule)(() => void check(), deps.everyMs ?? DAY_MS);
  return { first, check, stop };
}
