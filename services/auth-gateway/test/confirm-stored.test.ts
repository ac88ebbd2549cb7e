import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import type { ConnectionView } from '@li-bus/contracts';
import { createNatsTokenKeeperClient, serveTokenKeeper, TokensGetError } from '@li-bus/token-keeper-client';
import { startNats, type ManagedServer } from '@li-bus/testkit';
import type { GatewayConfig } from '../src/config.ts';
import { confirmStored, StoredNotConfirmedError } from '../src/connect/confirm-stored.ts';

const VIEW: ConnectionView = {
  connectionId: 'conn_confirm',
  tenantId: 'tenant-a',
  status: 'active',
  member: { sub: 'm1', name: 'Ada' },
  organizations: [],
  scopes: ['openid'],
  connectedAt: '2026-12-01T10:00:00.000Z',
  accessTokenExpiresAt: '2027-01-30T10:00:00.000Z',
};
const WRITE = { connectionId: VIEW.connectionId, event: 'token.issued', version: VIEW.connectedAt } as const;

/** The gateway's side of read-your-writes, against a real NATS server and the real services API. */
describe('confirmStored (gateway side of tokens.await)', () => {
  let nats: ManagedServer;
  let nc: NatsConnection;
  const deps = (confirmTimeoutMs: number) => ({
    tokenKeeper: createNatsTokenKeeperClient(nc),
    config: { confirmTimeoutMs } as GatewayConfig,
  });
  /** A token-keeper that answers tokens.await with `answer` (what token-keeper's own tests check it answers). */
  const keeper = async (answer: (waitMs: number) => Promise<ConnectionView>) => {
    const service = await serveTokenKeeper(nc, {
      version: '0.0.0',
      logger: pino({ level: 'silent' }),
      handlers: {
        'tokens.get': () => Promise.reject(new TokensGetError('not_found')),
        'tokens.status': () => Promise.reject(new TokensGetError('not_found')),
        'tokens.list': async () => ({ connections: [] }),
        'tokens.await': ({ waitMs }) => answer(waitMs),
      },
    });
    onTestFinished(async () => void (await service.stop()));
  };

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.close();
  });

  it('returns the stored view token-keeper confirms', async () => {
    await keeper(async () => VIEW);
    await expect(confirmStored(deps(2000), WRITE)).resolves.toEqual(VIEW);
  });

  it('keeps asking while no token-keeper answers (a restart), within the bound', async () => {
    const pending = confirmStored(deps(10_000), WRITE);
    await sleep(300); // no responders meanwhile: asked again and again
    await keeper(async () => VIEW);
    await expect(pending).resolves.toEqual(VIEW);
  });

  it('fails with StoredNotConfirmedError when nothing answers within CONFIRM_TIMEOUT_MS', async () => {
    const failure = confirmStored(deps(400), WRITE);
    await expect(failure).rejects.toBeInstanceOf(StoredNotConfirmedError);
    await expect(failure).rejects.toMatchObject({ code: 'not_confirmed' });
  });

  it("passes token-keeper's not_stored on, and gives it a waitMs inside the bound", async () => {
    const asked: number[] = [];
    await keeper(async (waitMs) => {
      asked.push(waitMs);
      throw new TokensGetError('not_stored');
    });
    const failure = confirmStored(deps(1000), WRITE);
    await expect(failure).rejects.toMatchObject({ code: 'not_confirmed', cause: { code: 'not_stored' } });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeLessThan(1000);
  });
});
