import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PASSWORD_ENV, readAuthConf } from '../src/nats-auth.ts';
import { repoPath } from '../src/repo-paths.ts';

interface NatsValues {
  config: {
    cluster: unknown;
    jetstream: { enabled: boolean; fileStore: unknown };
    monitor: unknown;
    merge: { authorization: { users: unknown[] } };
  };
  container: { image: { repository: string; tag: string }; env: Record<string, unknown> };
}

interface RedisValues {
  architecture: string;
  auth: unknown;
  commonConfiguration: string;
  master: { persistence: { enabled: boolean } };
  replica: { replicaCount: number; persistence: { enabled: boolean } };
}

const readValues = async <T>(name: string) =>
  parse(await readFile(repoPath(`deploy/helm-values/${name}.yaml`), 'utf8')) as T;

describe('deploy/helm-values/nats.yaml', () => {
  it('runs a 3-node JetStream cluster on file storage with monitoring', async () => {
    const { config } = await readValues<NatsValues>('nats');
    expect(config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(config.jetstream.enabled).toBe(true);
    expect(config.jetstream.fileStore).toMatchObject({ enabled: true, pvc: { enabled: true } });
    expect(config.monitor).toMatchObject({ enabled: true, port: 8222 });
  });

  it('runs nats-server 2.15.x (the services refuse anything older than 2.12)', async () => {
    const { container } = await readValues<NatsValues>('nats');
    expect(container.image.repository).toBe('nats');
    expect(container.image.tag).toMatch(/^2\.15\.\d+(-alpine)?$/);
  });

  it('has exactly the users and permissions of deploy/nats/auth.conf, passwords from the nats-auth Secret', async () => {
    const values = await readValues<NatsValues>('nats');
    const fromConf = (await readAuthConf()).map((user) => ({ ...user, password: `<< ${user.password} >>` }));
    expect(values.config.merge.authorization.users).toEqual(fromConf);
    for (const name of Object.values(PASSWORD_ENV)) {
      expect(values.container.env[name]).toEqual({
        valueFrom: { secretKeyRef: { name: 'nats-auth', key: name } },
      });
    }
    expect(JSON.stringify(values)).not.toContain('no_auth_user');
  });
});

describe('deploy/helm-values/redis.yaml', () => {
  it('replicates, persists with an append-only file, and takes its password from a Secret', async () => {
    const values = await readValues<RedisValues>('redis');
    expect(values.architecture).toBe('replication');
    expect(values.replica.replicaCount).toBeGreaterThanOrEqual(2);
    expect(values.master.persistence.enabled).toBe(true);
    expect(values.replica.persistence.enabled).toBe(true);
    expect(values.commonConfiguration).toContain('appendonly yes');
    expect(values.auth).toMatchObject({ enabled: true, existingSecret: 'redis-auth' });
  });
});
