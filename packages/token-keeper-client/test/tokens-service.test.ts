import type { Service } from '@nats-io/services';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView, TokensGetReply } from '@li-bus/contracts';
import { startNats, type ManagedServer } from '@li-bus/testkit';
import {
  requestTokenKeeper,
  requestTokens,
  serveTokenKeeper,
  TokensGetError,
  type TokenKeeperHandlers,
} from '../src/index.ts';

const SEALED = 'v1.k1.AAAAAAAAAAAAAAAA.Y2lwaGVydGV4dA.AAAAAAAAAAAAAAAAAAAAAA';
const reply: TokensGetReply = {
  connectionId: 'conn-ok',
  tenantId: 'tenant-a',
  accessToken: SEALED,
  accessTokenExpiresAt: '2026-12-01T00:00:00.000Z',
  member: { sub: 'abc123', name: 'Ada Lovelace' },
  organizations: [{ urn: 'urn:li:organization:42', name: 'Acme', role: 'ADMINISTRATOR' }],
  scopes: ['openid', 'w_member_social'],
  status: 'active',
};
const view: ConnectionView = {
  connectionId: 'conn-ok',
  tenantId: 'tenant-a',
  status: 'active',
  member: reply.member,
  organizations: reply.organizations,
  scopes: reply.scopes,
  connectedAt: '2026-11-01T00:00:00.000Z',
  accessTokenExpiresAt: reply.accessTokenExpiresAt,
};

const seen: unknown[] = [];
const handlers: TokenKeeperHandlers = {
  'tokens.get': async (request) => {
    seen.push(request);
    switch (request.connectionId) {
      case 'conn-ok':
        return reply;
      case 'conn-missing':
        throw new TokensGetError('not_found', 'no connection conn-missing');
      case 'conn-revoked':
        throw new TokensGetError('revoked');
      case 'conn-plaintext':
        // A reply that breaks the contract: the client must refuse it.
        return { ...reply, accessToken: 'AQX-plaintext-token' };
      default:
        throw new Error('redis exploded: secret-internal-detail');
    }
  },
  'tokens.status': async ({ connectionId }) => {
    if (connectionId !== 'conn-ok') throw new TokensGetError('not_found');
    return view;
  },
  'tokens.list': async ({ tenantId }) => ({ connections: tenantId === 'tenant-a' ? [view] : [] }),
};

let server: ManagedServer;
let nc: NatsConnection;
let service: Service;
const logLines: string[] = [];

beforeAll(async () => {
  server = await startNats({ jetstream: false });
  nc = await connect({ servers: server.url });
  const logger = pino({ level: 'error' }, { write: (line: string) => void logLines.push(line) });
  service = await serveTokenKeeper(nc, { version: '0.1.0', logger, handlers });
});

afterAll(async () => {
  await service?.stop();
  await nc?.close();
  await server?.close();
});

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TokensGetError);
  const { code, message } = error as TokensGetError;
  return { code, message };
}

describe('tokens service', () => {
  it('answers tokens.get with the parsed reply', async () => {
    await expect(requestTokens(nc, 'conn-ok')).resolves.toEqual(reply);
    expect(seen).toContainEqual({ connectionId: 'conn-ok' });
  });

  it('answers tokens.status and tokens.list', async () => {
    await expect(requestTokenKeeper(nc, 'tokens.status', { connectionId: 'conn-ok' })).resolves.toEqual(view);
    await expect(requestTokenKeeper(nc, 'tokens.list', { tenantId: 'tenant-a' })).resolves.toEqual({
      connections: [view],
    });
    await expect(requestTokenKeeper(nc, 'tokens.list', { tenantId: 'tenant-b' })).resolves.toEqual({
      connections: [],
    });
  });

  it("passes a handler's TokensGetError code and message to the client", async () => {
    expect(await codeOf(requestTokens(nc, 'conn-missing'))).toEqual({
      code: 'not_found',
      message: 'no connection conn-missing',
    });
    expect((await codeOf(requestTokens(nc, 'conn-revoked'))).code).toBe('revoked');
    expect((await codeOf(requestTokenKeeper(nc, 'tokens.status', { connectionId: 'nope' }))).code).toBe(
      'not_found',
    );
  });

  it('answers invalid_request, naming the field, without calling the handler', async () => {
    const before = seen.length;
    const { code, message } = await codeOf(requestTokens(nc, 'bad id with spaces'));
    expect(code).toBe('invalid_request');
    expect(message).toMatch(/^connectionId: /);
    expect(seen).toHaveLength(before);
  });

  it('answers invalid_request to a body that is not JSON', async () => {
    const before = seen.length;
    const raw = await nc.request('tokens.get', '{"connectionId": ', { timeout: 3000 });
    expect(raw.headers?.get('Nats-Service-Error')).toBe('invalid_request');
    expect(raw.headers?.get('Nats-Service-Error-Code')).toBe('400');
    expect(seen).toHaveLength(before);
  });

  it('answers internal to an unexpected handler error, without its details', async () => {
    const { code, message } = await codeOf(requestTokens(nc, 'conn-broken'));
    expect(code).toBe('internal');
    expect(message).not.toContain('secret-internal-detail');
    expect(logLines.join('')).toContain('redis exploded');
  });

  it('refuses a reply that breaks the contract (e.g. a plaintext token)', async () => {
    await expect(requestTokens(nc, 'conn-plaintext')).rejects.toThrow(/accessToken/);
  });
});
