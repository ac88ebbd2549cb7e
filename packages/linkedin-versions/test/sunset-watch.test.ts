// The daily sunset warning and the failover, judged by the emulator's clock (LinkedIn's time in tests).
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPublisher } from '@li-bus/messaging';
import { grantAccessToken, startEmulator, type RunningEmulator } from '@li-bus/linkedin-emulator';
import {
  createInMemoryRefusalStore,
  createLinkedInVersions,
  createVersionMetrics,
  probeVersion,
  startSunsetWatch,
  type LinkedInVersions,
} from '../src/index.ts';

const DAY = 86_400;
const REDIRECT_URI = 'http://localhost:8080/oauth/linkedin/callback';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('sunset watch against the emulator clock', () => {
  let emulator: RunningEmulator;
  let token: string;
  let versions: LinkedInVersions;
  const published: unknown[] = [];
  const { logger, lines } = capturingLogger();
  const now = () => emulator.state.clock.now();
  let tick: () => void = () => undefined;

  beforeAll(async () => {
    emulator = await startEmulator({
      logger: false,
      now: () => Date.UTC(2026, 11, 7, 12),
      app: { redirectUris: [REDIRECT_URI] },
    });
    token = await grantAccessToken(emulator, {
      redirectUri: REDIRECT_URI,
      scope: 'openid profile w_member_social',
    });
    const events: EventPublisher = {
      async publish(_subject, body) {
        published.push(body);
        return { seq: published.length, duplicate: false };
      },
    };
    versions = createLinkedInVersions({
      configured: ['202601', '202609'],
      store: createInMemoryRefusalStore(),
      refusalOf: (error) => ((error as { status?: number }).status === 426 ? String(error) : undefined),
      events,
      metrics: createVersionMetrics(new Registry(), ['202601', '202609']),
      logger,
      service: 'test',
      now,
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  /** A versioned call to the emulator that throws `{status: 426}` when the version is refused. */
  const call = () =>
    versions.run(async (version) => {
      const result = await probeVersion({ apiBase: emulator.url, accessToken: token, version });
      if (result.accepted === false) throw Object.assign(new Error(result.message), { status: 426 });
      return version;
    });
  const warnings = () =>
    lines.filter((line) => line['level'] === 40 && String(line['msg']).includes('sunsets in'));

  it('warns at start and each day while the version in use has < 90 days left', async () => {
    const watch = startSunsetWatch({
      versions,
      logger,
      now,
      schedule: (check, everyMs) => {
        expect(everyMs).toBe(DAY * 1000);
        tick = check;
        return () => undefined;
      },
    });
    expect(await watch.first).toBe(true);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ version: '202601', expectedSunset: '2027-01-15', daysLeft: 38 });

    emulator.state.clock.advance(DAY);
    tick();
    expect(await watch.check()).toBe(true);
    expect(warnings().at(-1)).toMatchObject({ version: '202601', daysLeft: 37 });
    watch.stop();
  });

  it('once LinkedIn refuses 202601 (emulator clock past 2027-01-15) the call moves on and the warning stops', async () => {
    expect(await call()).toBe('202601');
    emulator.state.clock.advance(40 * DAY);
    expect(await call()).toBe('202609');
    expect(published).toEqual([expect.objectContaining({ from: '202601', to: '202609' })]);
    const before = warnings().length;
    const watch = startSunsetWatch({ versions, logger, now, schedule: () => () => undefined });
    expect(await watch.first).toBe(false);
    expect(warnings()).toHaveLength(before);
  });

  it('the probe the CLI uses says which versions the emulator accepts now', async () => {
    const results = await Promise.all(
      ['202601', '202609', '202610'].map((version) =>
        probeVersion({ apiBase: emulator.url, accessToken: token, version }),
      ),
    );
    expect(results.map((result) => [result.version, result.accepted])).toEqual([
      ['202601', false],
      ['202609', true],
      ['202610', false],
    ]);
  });
});
