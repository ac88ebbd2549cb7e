import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceEnv, type StackOptions } from '@li-bus/dev-stack';
import { loadCompose, readComposeText, serviceEnvironment } from '../src/compose.ts';
import { imageIsPinned } from '../src/k8s-policy.ts';
import { PASSWORD_ENV, readAuthConf } from '../src/nats-auth.ts';
import { repoPath, REPO_ROOT, SERVICES } from '../src/repo-paths.ts';
import { toolAvailable } from '../src/require-tool.ts';
import { CONFIG_LOADERS } from '../src/service-configs.ts';
import { currentNatsServerBin, natsServerBin } from '@li-bus/testkit';

const APP = ['jaeger', 'linkedin-emulator', ...SERVICES];
const hasCompose = toolAvailable('docker-compose', ['version'], 'apt-get install -y docker-compose');
const hasNatsServer = toolAvailable(natsServerBin(), ['--version'], 'scripts/fetch-nats-server.sh');

describe('docker-compose.yml', () => {
  it('runs NATS and Redis with health checks, persistence and overridable ports, the app under a profile', async () => {
    const compose = await loadCompose();
    for (const name of ['nats', 'redis']) {
      const infra = compose.services[name];
      expect(infra?.profiles, name).toBeUndefined();
      expect(infra?.healthcheck?.test.length).toBeGreaterThan(1);
      expect(infra?.volumes?.some((volume) => volume.endsWith(':/data'))).toBe(true);
      for (const port of infra?.ports ?? []) expect(port).toMatch(/^'?\$\{[A-Z_]+_PORT:-\d+\}:\d+$/);
    }
    expect(compose.services['nats']?.command).toEqual(['-c', '/etc/nats/nats.conf']);
    // nats-server 2.15, what the project tests with; the services refuse anything older than 2.12.
    expect(compose.services['nats']?.image).toMatch(/^nats:2\.15(\.\d+)?-alpine$/);
    expect(compose.services['nats']?.volumes).toContain('./deploy/nats:/etc/nats:ro');
    expect(compose.services['redis']?.command).toContain('--appendonly');
    for (const name of APP) {
      expect(compose.services[name]?.profiles, name).toEqual(['app']);
      expect(compose.services[name]?.healthcheck, name).toBeDefined();
    }
    for (const [name, service] of Object.entries(compose.services)) {
      expect(imageIsPinned(service.image), `${name}: ${service.image}`).toBe(true);
      if (service.build) {
        expect(existsSync(repoPath(service.build.dockerfile)), service.build.dockerfile).toBe(true);
        expect(service.read_only, name).toBe(true);
      }
    }
  });

  it('gives each service an environment its own config schema accepts, with its own NATS user', async () => {
    const compose = await loadCompose();
    const users = new Set((await readAuthConf()).map((user) => user.user));
    const natsEnv = serviceEnvironment(compose.services['nats'] ?? {});
    const keyrings = new Set<string>();
    for (const name of [...SERVICES, 'linkedin-emulator']) {
      const env = serviceEnvironment(compose.services[name] ?? {});
      expect(() => CONFIG_LOADERS[name]?.(env), name).not.toThrow();
      if (name === 'linkedin-emulator') continue;
      const url = new URL(env['NATS_URL'] ?? '');
      expect(url.username).toBe(name);
      expect(users.has(name)).toBe(true);
      expect(url.password).toBe(natsEnv[PASSWORD_ENV[name] ?? '']);
      expect(Boolean(env['REDIS_URL'])).toBe(name === 'token-keeper');
      keyrings.add(env['TOKEN_ENCRYPTION_KEYS'] ?? '');
    }
    expect(keyrings.size).toBe(1);
  });

  it('serves each service’s /metrics on its METRICS_PORT, never published on the host', async () => {
    const compose = await loadCompose();
    const metricsPorts = { 'auth-gateway': '9080', 'token-keeper': '9081', publisher: '9082' };
    for (const [name, port] of Object.entries(metricsPorts)) {
      expect(compose.services[name]?.environment?.['METRICS_PORT'], name).toBe(port);
    }
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    for (const port of Object.values(metricsPorts)) {
      expect(published.filter((mapping) => mapping.endsWith(`:${port}`))).toEqual([]);
    }
  });

  it('sets every variable `./dev start` sets for each service (the same system)', async () => {
    const compose = await loadCompose();
    const options: StackOptions = {
      natsUrl: 'nats://n',
      redisUrl: 'redis://r',
      linkedin: { authBase: 'http://a', apiBase: 'http://b', clientId: 'c', clientSecret: 'd' },
      ports: { 'auth-gateway': 8080, 'token-keeper': 8081, publisher: 8082 },
      publicOrigin: 'http://localhost:8080',
      tokenEncryptionKeys: 'k',
      gatewayApiKeys: 'g',
      returnToAllowlist: 'https://x.test',
    };
    for (const name of SERVICES) {
      const keys = Object.keys(compose.services[name]?.environment ?? {});
      expect(keys, name).toEqual(expect.arrayContaining(Object.keys(serviceEnv(options, name))));
    }
  });

  it.skipIf(!hasCompose)('validates with docker-compose (the compose schema), every profile', async () => {
    // Debian's docker-compose 1.29 predates the top-level `name` key; everything else is checked by its schema.
    const text = (await readComposeText()).replace(/^name: .*$/m, '');
    expect((await loadCompose()).name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    const dir = await mkdtemp(join(tmpdir(), 'li-bus-compose-'));
    try {
      await writeFile(join(dir, 'docker-compose.yml'), text);
      const args = [
        '--project-directory',
        REPO_ROOT,
        '-f',
        join(dir, 'docker-compose.yml'),
        '--profile',
        'app',
      ];
      execFileSync('docker-compose', [...args, 'config', '-q'], {
        stdio: 'pipe',
        env: { PATH: process.env['PATH'] },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasNatsServer)('mounts a NATS configuration that nats-server 2.12+ accepts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'li-bus-nats-conf-'));
    try {
      const conf = await readFile(repoPath('deploy/nats/nats.conf'), 'utf8');
      await writeFile(
        join(dir, 'nats.conf'),
        conf.replace('store_dir: /data', `store_dir: "${join(dir, 'js')}"`),
      );
      await copyFile(repoPath('deploy/nats/auth.conf'), join(dir, 'auth.conf'));
      const env = {
        PATH: process.env['PATH'],
        ...Object.fromEntries(Object.values(PASSWORD_ENV).map((name) => [name, 'dev-password'])),
      };
      execFileSync(currentNatsServerBin(), ['-t', '-c', join(dir, 'nats.conf')], { stdio: 'pipe', env });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
