import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '@li-bus/dev-stack/testing';
import { connectMember } from '@li-bus/dev-stack/testing/connect';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('pnpm cli linkedin-versions, against the emulator clock', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
    await connectMember(system.gatewayUrl);
  });
  afterAll(async () => {
    await system?.close();
  });

  async function cli() {
    const env = {
      ...process.env,
      NATS_URL: system.nats.url,
      LINKEDIN_VERSION: '202601,202609',
      LINKEDIN_API_BASE: system.emulator.url,
      TOKEN_ENCRYPTION_KEYS: system.tokenEncryptionKeys,
    };
    return run(process.execPath, [main, 'linkedin-versions', '--tenant', 'tenant-a', '--json'], { env }).then(
      (result) => ({ code: 0, stdout: result.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  }
  const rowsOf = (stdout: string) =>
    (JSON.parse(stdout) as { version: string; accepted: boolean | null; expectedSunset: string }[]).map(
      (row) => [row.version, row.accepted, row.expectedSunset],
    );

  it('prints each configured version: accepted now, and its expected sunset', async () => {
    const result = await cli();
    expect(result.code).toBe(0);
    expect(rowsOf(result.stdout)).toEqual([
      ['202601', true, '2027-01-15'],
      ['202609', true, '2027-09-15'],
    ]);
  });

  it('shows 202601 refused once the emulator clock is past its sunset', async () => {
    const now = system.emulator.state.clock.now();
    system.emulator.state.clock.advance((Date.UTC(2027, 0, 15, 1) - now) / 1000);
    const result = await cli();
    expect(result.code).toBe(0);
    expect(rowsOf(result.stdout)).toEqual([
      ['202601', false, '2027-01-15'],
      ['202609', true, '2027-09-15'],
    ]);
  });

  it('exits 1 when LinkedIn accepts none of them', async () => {
    system.emulator.state.versions.set([]);
    const result = await cli();
    expect(result.code).toBe(1);
    expect(rowsOf(result.stdout).map((row) => row[1])).toEqual([false, false]);
  });
});
