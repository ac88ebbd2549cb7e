import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import type { Service } from '@nats-io/services';
import {
  tokenIssued,
  tokenRefreshed,
  tokenRevoked,
  type ConnectionView,
  type TokenIssued,
} from '@li-bus/contracts';
import { serveTokenKeeper, TokensGetError } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';

interface Stored extends TokenIssued {
  connectedAt: string;
  revoked: boolean;
}

/**
 * A token-keeper stand-in for the gateway's tests: it follows `token.issued` / `token.refreshed` /
 * `token.revoked` on the real bus and answers `tokens.*` through the real services API. It keeps a stored
 * refresh token when an event carries none, like token-keeper.
 */
export interface InMemoryTokenKeeper {
  records: Map<string, Stored>;
  waitFor(connectionId: string, predicate?: (record: Stored) => boolean): Promise<Stored>;
  stop(): Promise<void>;
}

export async function startInMemoryTokenKeeper(nc: NatsConnection): Promise<InMemoryTokenKeeper> {
  const records = new Map<string, Stored>();
  const sub = nc.subscribe('token.>', {
    callback: (_error, msg) => {
      let body: unknown;
      try {
        body = msg.json();
      } catch {
        return; // poison messages are the consumers' business, not this stand-in's
      }
      if (msg.subject === 'token.issued' || msg.subject === 'token.refreshed') {
        const parsed = (msg.subject === 'token.issued' ? tokenIssued : tokenRefreshed).safeParse(body);
        if (!parsed.success) return;
        const event = parsed.data;
        const known = records.get(event.connectionId);
        const refreshToken = event.refreshToken ?? known?.refreshToken;
        const refreshTokenExpiresAt = event.refreshTokenExpiresAt ?? known?.refreshTokenExpiresAt;
        records.set(event.connectionId, {
          ...event,
          ...(refreshToken ? { refreshToken } : {}),
          ...(refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}),
          connectedAt: known?.connectedAt ?? event.issuedAt,
          revoked: false,
        });
      } else if (msg.subject === 'token.revoked') {
        const parsed = tokenRevoked.safeParse(body);
        const known = parsed.success ? records.get(parsed.data.connectionId) : undefined;
        if (known) known.revoked = true;
      }
    },
  });
  await nc.flush();
  const find = async (connectionId: string) => {
    const record = records.get(connectionId);
    if (!record) throw new TokensGetError('not_found');
    return record;
  };
  const view = (r: Stored): ConnectionView => ({
    connectionId: r.connectionId,
    tenantId: r.tenantId,
    status: r.revoked ? 'revoked' : 'active',
    member: r.member,
    organizations: r.organizations,
    scopes: r.scopes,
    connectedAt: r.connectedAt,
    accessTokenExpiresAt: r.accessTokenExpiresAt,
    ...(r.refreshTokenExpiresAt ? { refreshTokenExpiresAt: r.refreshTokenExpiresAt } : {}),
  });
  const service: Service = await serveTokenKeeper(nc, {
    version: '0.0.1',
    logger: pino({ level: 'silent' }),
    handlers: {
      'tokens.get': async ({ connectionId }) => {
        const r = await find(connectionId);
        if (r.revoked) throw new TokensGetError('revoked');
        const { connectedAt: _c, refreshTokenExpiresAt: _r, ...rest } = view(r);
        return { ...rest, accessToken: r.accessToken };
      },
      'tokens.status': async ({ connectionId }) => view(await find(connectionId)),
      'tokens.list': async ({ tenantId }) => ({
        connections: [...records.values()].filter((r) => r.tenantId === tenantId).map(view),
      }),
      // Read your writes: this stand-in stores on the core-NATS delivery, so the wait is short; polled.
      'tokens.await': async ({ connectionId, event, version, waitMs }) => {
        const deadline = Date.now() + waitMs;
        const wanted = Date.parse(version);
        for (;;) {
          const r = records.get(connectionId);
          const done = r && (event === 'token.revoked' ? r.revoked : Date.parse(r.issuedAt) >= wanted);
          if (r && done) return view(r);
          if (Date.now() >= deadline) throw new TokensGetError('not_stored');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      },
      'tokens.refresh-token': async ({ connectionId }) => {
        const r = await find(connectionId);
        if (r.revoked) throw new TokensGetError('revoked');
        if (!r.refreshToken) throw new TokensGetError('reauth_required', 'no refresh token');
        const { connectedAt: _c, ...rest } = view(r);
        return { ...rest, refreshToken: r.refreshToken };
      },
    },
  });
  return {
    records,
    waitFor: (connectionId, predicate = () => true) =>
      waitFor(
        () => {
          const record = records.get(connectionId);
          return record && predicate(record) ? record : undefined;
        },
        { message: `token-keeper never saw ${connectionId}` },
      ),
    async stop() {
      sub.unsubscribe();
      await service.stop();
    },
  };
}
