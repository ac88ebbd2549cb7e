import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUEST_SCHEMAS, STREAMS } from '@li-bus/contracts';
import { readAuthConf, type NatsUser } from '../src/nats-auth.ts';
import { repoPath, SERVICES } from '../src/repo-paths.ts';

/** `export const SOMETHING_BUCKET = 'name'` in a service's sources: the KV buckets it creates. */
async function bucketsOf(service: string): Promise<string[]> {
  const dir = repoPath(`services/${service}/src`);
  const files = (await readdir(dir, { recursive: true })).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  const buckets: string[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    for (const match of text.matchAll(/export const \w*BUCKET\w* = '([\w-]+)'/g))
      buckets.push(match[1] ?? '');
  }
  return buckets;
}

const allowed = (user: NatsUser | undefined, kind: 'publish' | 'subscribe') =>
  user?.permissions?.[kind]?.allow ?? [];

describe('deploy/nats/auth.conf covers what the code uses now', () => {
  it('grants each service the KV buckets its sources declare, and no other service', async () => {
    const users = await readAuthConf();
    for (const service of SERVICES) {
      const user = users.find((u) => u.user === service);
      for (const bucket of await bucketsOf(service)) {
        expect(allowed(user, 'publish'), `${service}: $KV.${bucket}.>`).toContain(`$KV.${bucket}.>`);
        expect(allowed(user, 'publish')).toContain(`$JS.API.STREAM.INFO.KV_${bucket}`);
        for (const other of users.filter((u) => u.user !== service && u.user !== 'admin')) {
          expect(
            JSON.stringify(other.permissions ?? {}),
            `${other.user} must not reach ${bucket}`,
          ).not.toContain(bucket);
        }
      }
    }
  });

  it('lets token-keeper serve, and the gateway ask, every tokens.* request subject; the publisher only tokens.get', async () => {
    const users = await readAuthConf();
    const keeper = users.find((u) => u.user === 'token-keeper');
    const gateway = users.find((u) => u.user === 'auth-gateway');
    const publisher = users.find((u) => u.user === 'publisher');
    for (const subject of Object.keys(REQUEST_SCHEMAS)) {
      expect(subject).toMatch(/^tokens\.[^.]+$/);
    }
    expect(allowed(keeper, 'subscribe')).toContain('tokens.*');
    expect(allowed(keeper, 'subscribe')).toContain('$SRV.>');
    expect(keeper?.permissions?.allow_responses).toBe(true);
    expect(allowed(gateway, 'publish')).toContain('tokens.*');
    expect(allowed(publisher, 'publish').filter((s) => s.startsWith('tokens.'))).toEqual(['tokens.get']);
  });

  it('never lets a service delete or purge the streams, or read TOKENS except through its own consumers', async () => {
    const users = (await readAuthConf()).filter((u) => u.user !== 'admin');
    for (const user of users) {
      const subjects = [...allowed(user, 'publish'), ...allowed(user, 'subscribe')];
      for (const stream of Object.values(STREAMS).map((s) => s.name)) {
        for (const verb of ['DELETE', 'PURGE', 'MSG.GET', 'MSG.DELETE']) {
          expect(subjects, `${user.user}`).not.toContain(`$JS.API.STREAM.${verb}.${stream}`);
        }
      }
      expect(
        subjects.some((s) => s === '>' || s === '$JS.API.>' || s === '$JS.>'),
        user.user,
      ).toBe(false);
    }
  });
});
