// N emulated LinkedIn members connected through the real connect flow (gateway → emulator consent → callback
// → token.issued → token-keeper), each ready to post once token-keeper answers `tokens.get` for it.
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from 'undici';
import { API_KEY, RETURN_TO } from '@li-bus/dev-stack/system';
import { confirmStart } from '@li-bus/dev-stack/testing/connect';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { addMembers } from './emulator-admin.ts';

export interface ConnectedMember {
  sub: string;
  connectionId: string;
}

export interface ConnectMembersOptions {
  gatewayUrl: string;
  emulatorUrl: string;
  /** A client on the system's NATS, to wait until token-keeper holds each connection. */
  nc: NatsConnection;
  count: number;
  tenantId?: string;
  /** Connect flows run at once (default 4). */
  concurrency?: number;
}

/** One browser-like connect flow (one cookie jar) for the member `sub`, answering Allow. */
export async function connectAs(gatewayUrl: string, sub: string, tenantId = 'tenant-a'): Promise<string> {
  const authorize = await request(`${gatewayUrl}/v1/connections/authorize`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, returnTo: RETURN_TO, kind: 'member' }),
  });
  const body = (await authorize.body.json()) as { authorizeUrl?: string };
  if (authorize.statusCode !== 201 || !body.authorizeUrl) {
    throw new Error(`authorize answered ${authorize.statusCode}`);
  }
  // Our confirmation page, then its form: the browser's click that sends it to LinkedIn.
  const { linkedinUrl: consentUrl, cookie } = await confirmStart(body.authorizeUrl);
  consentUrl.searchParams.set('emulator_decision', 'allow');
  consentUrl.searchParams.set('emulator_member', sub);
  const consent = await request(consentUrl);
  await consent.body.dump();
  const callback = await request(String(consent.headers.location), { headers: { cookie } });
  await callback.body.dump();
  const location = new URL(String(callback.headers.location ?? ''), gatewayUrl);
  const connectionId = location.searchParams.get('connectionId');
  if (callback.statusCode !== 302 || !connectionId) {
    throw new Error(`callback answered ${callback.statusCode} → ${location.search}`);
  }
  return connectionId;
}

/** Adds `count` members to the emulator, connects each one and waits until token-keeper serves its token. */
export async function connectMembers(options: ConnectMembersOptions): Promise<ConnectedMember[]> {
  const stamp = Date.now().toString(36);
  const names = Array.from({ length: options.count }, (_, i) => `Reliability Member ${stamp} ${i + 1}`);
  const subs = await addMembers(options.emulatorUrl, names);
  const members: ConnectedMember[] = [];
  const queue = [...subs];
  const worker = async () => {
    for (let sub = queue.shift(); sub !== undefined; sub = queue.shift()) {
      const connectionId = await connectAs(options.gatewayUrl, sub, options.tenantId);
      members.push({ sub, connectionId });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  for (const member of members) {
    await waitFor(() => requestTokens(options.nc, member.connectionId).then(() => true), {
      timeoutMs: 20_000,
      intervalMs: 100,
      message: `token-keeper never served ${member.connectionId}`,
    });
  }
  return members;
}
