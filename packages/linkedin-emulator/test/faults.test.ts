import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startEmulator, type RunningEmulator } from '../src/index.ts';
import { ACTIVE_VERSION, FIXED_NOW, postBody } from './helpers.ts';
import { httpToken } from './http-helpers.ts';

let emulator: RunningEmulator;
let agent: Agent;
let token: string;

async function json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await request(`${emulator.url}${path}`, {
    method,
    dispatcher: agent,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return (await res.body.json()) as T;
}

function createPost(commentary: string, headers?: string[]) {
  return request(`${emulator.url}/rest/posts`, {
    method: 'POST',
    dispatcher: agent,
    headers: headers ?? [
      'authorization',
      `Bearer ${token}`,
      'linkedin-version',
      ACTIVE_VERSION,
      'x-restli-protocol-version',
      '2.0.0',
      'content-type',
      'application/json',
    ],
    body: JSON.stringify(postBody(`urn:li:person:${emulator.defaultMember.sub}`, commentary)),
  });
}

beforeEach(async () => {
  emulator = await startEmulator({ now: () => FIXED_NOW });
  agent = new Agent({ keepAliveTimeout: 10_000 });
  token = await httpToken(emulator, agent, 'openid profile w_member_social');
});

afterEach(async () => {
  await agent.close();
  await emulator.close();
});

describe('startEmulator', () => {
  it('listens on 127.0.0.1 and describes the defaults', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.app).toEqual({ clientId: 'emulator-client-id', clientSecret: 'emulator-client-secret' });
    expect(emulator.defaultOrganization.urn).toMatch(/^urn:li:organization:\d+$/);
    expect(emulator.defaultMember.sub).toMatch(/^[A-Za-z0-9]{10}$/);
  });
});

describe('faults', () => {
  it('answers the injected status for the next `times` matching requests, then recovers', async () => {
    await json('POST', '/_emulator/faults', {
      method: 'POST',
      pathPrefix: '/rest/posts',
      status: 429,
      times: 2,
    });
    for (const attempt of [1, 2]) {
      const res = await createPost(`attempt ${attempt}`);
      expect(res.statusCode).toBe(429);
      expect(await res.body.json()).toEqual({
        serviceErrorCode: 101,
        message: 'Resource level throttle limit for calls to this resource is reached.',
        status: 429,
      });
    }
    const ok = await createPost('attempt 3');
    await ok.body.dump();
    expect(ok.statusCode).toBe(201);
    expect(await json<unknown[]>('GET', '/_emulator/posts')).toHaveLength(1);
  });

  it('delays matching requests', async () => {
    await json('POST', '/_emulator/faults', {
      method: 'GET',
      pathPrefix: '/v2/userinfo',
      delayMs: 300,
      times: 1,
    });
    const started = Date.now();
    const res = await request(`${emulator.url}/v2/userinfo`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}` },
    });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('dropResponseAfterCommit creates the post and then kills the connection', async () => {
    await json('POST', '/_emulator/faults', {
      method: 'POST',
      pathPrefix: '/rest/posts',
      times: 1,
      dropResponseAfterCommit: true,
    });
    await expect(createPost('ambiguous outcome')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    const posts = await json<{ commentary: string }[]>('GET', '/_emulator/posts');
    expect(posts.map((p) => p.commentary)).toEqual(['ambiguous outcome']);
    const log = await json<{ path: string; status: number; fault?: string }[]>('GET', '/_emulator/requests');
    expect(log.at(-1)).toMatchObject({ path: '/rest/posts', status: 201, fault: 'dropped' });
    // the retry is a duplicate, exactly like LinkedIn after an ambiguous timeout
    const retry = await createPost('ambiguous outcome');
    expect(retry.statusCode).toBe(422);
    await retry.body.dump();
  });
});

describe('duplicate headers on /rest/*', () => {
  it('answers 400 when a header is sent twice', async () => {
    const res = await createPost('dup', [
      'authorization',
      `Bearer ${token}`,
      'linkedin-version',
      ACTIVE_VERSION,
      'LinkedIn-Version',
      ACTIVE_VERSION,
      'x-restli-protocol-version',
      '2.0.0',
      'content-type',
      'application/json',
    ]);
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toEqual({
      status: 400,
      code: 'DUPLICATE_HEADER',
      message: 'Header LinkedIn-Version must not be sent more than once',
    });
  });
});
