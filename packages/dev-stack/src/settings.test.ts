import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeOrigin, describeSettingsFile, loadSettings, sharedServiceEnv } from './settings.ts';

describe('loadSettings', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dev-settings-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads .env with Node’s grammar, and the process environment wins', async () => {
    await writeFile(
      join(root, '.env'),
      [
        '# a comment',
        'RATE_LIMIT_PER_MINUTE=3',
        'export LOG_LEVEL=debug',
        'RETURN_TO_ALLOWLIST="https://a.example/done,https://b.example/done"',
        'PUBLISH_CONCURRENCY=4',
      ].join('\n'),
    );
    const settings = await loadSettings(root, { PUBLISH_CONCURRENCY: '2', OTEL_TRACES_EXPORTER: 'console' });

    expect(settings.values).toEqual({
      RATE_LIMIT_PER_MINUTE: '3',
      LOG_LEVEL: 'debug',
      RETURN_TO_ALLOWLIST: 'https://a.example/done,https://b.example/done',
      PUBLISH_CONCURRENCY: '2',
      OTEL_TRACES_EXPORTER: 'console',
    });
    expect(settings.sourceOf('RATE_LIMIT_PER_MINUTE')).toBe('.env');
    expect(settings.sourceOf('PUBLISH_CONCURRENCY')).toBe('environment');
    expect(settings.sourceOf('GATEWAY_API_KEYS')).toBeUndefined();
    expect(settings.file).toEqual({
      path: join(root, '.env'),
      keys: ['LOG_LEVEL', 'PUBLISH_CONCURRENCY', 'RATE_LIMIT_PER_MINUTE', 'RETURN_TO_ALLOWLIST'],
      overridden: ['PUBLISH_CONCURRENCY'],
    });
    expect(describeSettingsFile(settings, root)).toBe(
      `read settings from ${join(root, '.env')} (4 variables; the environment wins for PUBLISH_CONCURRENCY)`,
    );
  });

  it('treats an empty value as unset, so a copy of .env.example starts on the defaults', async () => {
    await writeFile(
      join(root, '.env'),
      'LINKEDIN_CLIENT_ID=\nTOKEN_ENCRYPTION_KEYS=\nOAUTH_TENANT=\nLOG_LEVEL=info\n',
    );
    const settings = await loadSettings(root, { GATEWAY_API_KEYS: '' });

    expect(settings.values).toEqual({ LOG_LEVEL: 'info' });
    expect(describeOrigin(settings, 'TOKEN_ENCRYPTION_KEYS', 'generated')).toBe(
      'TOKEN_ENCRYPTION_KEYS generated',
    );
    expect(describeOrigin(settings, 'GATEWAY_API_KEYS', 'generated')).toBe('GATEWAY_API_KEYS generated');
    expect(describeOrigin(settings, 'LOG_LEVEL', 'generated')).toBe('LOG_LEVEL from .env');
  });

  it('works without a .env file', async () => {
    const settings = await loadSettings(root, { NATS_URL: 'nats://10.0.0.1:4222' });

    expect(settings.values).toEqual({ NATS_URL: 'nats://10.0.0.1:4222' });
    expect(settings.file).toBeUndefined();
    expect(describeSettingsFile(settings, root)).toBe(
      `no .env in ${root}: the process environment and the defaults`,
    );
    expect(describeOrigin(settings, 'NATS_URL', 'default')).toBe('NATS_URL from the environment');
  });

  it('gives the services every setting but the ones each service gets on its own', async () => {
    await writeFile(join(root, '.env'), 'PORT=9999\nMETRICS_PORT=9998\nPUBLISH_CONCURRENCY=4\n');
    const settings = await loadSettings(root, {
      OTEL_SERVICE_NAME: 'everything',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });

    expect(sharedServiceEnv(settings)).toEqual({
      PUBLISH_CONCURRENCY: '4',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
  });
});
