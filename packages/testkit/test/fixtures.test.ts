import { describe, expect } from 'vitest';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';
import { test } from '../src/fixtures.ts';

describe('the kit fixtures', () => {
  let firstServer: string | undefined;

  test('a NATS server and connection of the file', async ({ nats, nc }) => {
    firstServer = nats.url;
    const sub = nc.subscribe('kit.ping', { max: 1, callback: (_e, msg) => void msg.respond('pong') });
    const reply = await nc.request('kit.ping', '', { timeout: 2000 });
    expect(reply.string()).toBe('pong');
    sub.unsubscribe();
  });

  test('the same NATS server for the next test of the file', async ({ nats }) => {
    expect(firstServer).toBeDefined();
    expect(nats.url).toBe(firstServer);
  });

  test('a Redis server', async ({ redis }) => {
    expect(redis.url).toMatch(/^redis:\/\//);
  });

  test('a fresh emulator per test, with its typed admin client', async ({ emulator }) => {
    const admin = createEmulatorAdmin(emulator.url);
    await admin.addFault({ method: 'GET', pathPrefix: '/v2/userinfo', status: 503 });
    const response = await fetch(`${emulator.url}/v2/userinfo`);
    await response.arrayBuffer();
    expect(response.status).toBe(503);
    expect((await admin.requests()).map((entry) => entry.fault)).toEqual(['injected']);
    expect(await admin.faults()).toEqual([]);
  });

  let teardown: string[] = [];
  test('teardown steps registered with defer run after the test, last first', async ({ defer }) => {
    teardown = [];
    defer(() => void teardown.push('first registered'));
    defer(() => void teardown.push('last registered'));
    expect(teardown).toEqual([]);
  });

  test('(the previous test was torn down)', () => {
    expect(teardown).toEqual(['last registered', 'first registered']);
  });
});
