// A full run that handles every kind of secret: connect (codes, tokens, client secret), refresh, posts over NATS
// and HTTP (API key), and failure paths (LinkedIn 5xx and 401, a refused refresh, a cancelled consent, a revoke).
import { SUBJECTS } from '@li-bus/contracts';
import { requestPost } from '@li-bus/client';
import { API_KEY, type TestSystem } from '@li-bus/dev-stack/system';
import { connectMember } from '@li-bus/dev-stack/testing/connect';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { addMembers, injectFault } from './emulator-admin.ts';
import type { EventTap } from './event-tap.ts';
import type { HttpCapture } from './http-capture.ts';

export interface HygieneRunOptions {
  system: TestSystem;
  http: HttpCapture;
  tap: EventTap;
  members: number;
  postsPerConnection: number;
  /** Sees every authorization code the browser carried. */
  onCode: (code: string) => void;
  log(message: string): void;
}

const auth = { authorization: `Bearer ${API_KEY}` };

export async function driveHygieneRun(options: HygieneRunOptions): Promise<{ connectionIds: string[] }> {
  const { system, http, tap } = options;
  const gateway = system.gatewayUrl;
  const subs = await addMembers(
    system.emulator.url,
    Array.from({ length: options.members }, (_, i) => `Hygiene ${i}`),
  );
  const connectionIds: string[] = [];
  for (const member of subs) {
    const landed = await connectMember(gateway, {
      member,
      onGatewayResponse: (answer) => http.answers.push(answer),
      onCode: options.onCode,
    });
    const connectionId = landed.searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(system.nc, connectionId).then(() => true), { timeoutMs: 20_000 });
    connectionIds.push(connectionId);
  }
  options.log(`connected ${connectionIds.length} members`);

  for (const id of connectionIds) {
    await http.call(`${gateway}/v1/connections/${id}/refresh`, { method: 'POST', headers: auth });
    await tap.waitFor(SUBJECTS.tokenRefreshed, 'connectionId', id);
  }
  options.log('refreshed every connection');

  const requestIds: string[] = [];
  for (const [c, connectionId] of connectionIds.entries()) {
    for (let n = 0; n < options.postsPerConnection; n++) {
      const requestId = `hygiene-${c}-${n}`;
      const text = `Secret hygiene ${c}/${n} (#hygiene) <b>&</b>`;
      if (n % 2 === 0) await requestPost(system.nc, { requestId, connectionId, text }, { wait: false });
      else await http.call(`${gateway}/v1/posts`, { headers: auth, json: { requestId, connectionId, text } });
      requestIds.push(requestId);
    }
  }
  // Posts sent over HTTP travel the bus under a request id derived for their tenant: their outcome is read back
  // from the gateway's status API; those sent over NATS are matched on the bus.
  const viaHttp = (id: string) => Number(id.split('-').at(-1)) % 2 === 1;
  const httpOutcome = async (id: string) => {
    const response = await fetch(`${gateway}/v1/posts/${id}`, { headers: auth });
    const status = response.ok ? ((await response.json()) as { status?: string }).status : undefined;
    return status === 'published' || status === 'failed' ? status : undefined;
  };
  for (const id of requestIds) {
    await waitFor(
      async () =>
        viaHttp(id)
          ? await httpOutcome(id)
          : (
              tap.matching(SUBJECTS.postPublished, 'requestId', id)[0] ??
              tap.matching(SUBJECTS.postFailed, 'requestId', id)[0]
            )?.subject,
      { timeoutMs: 30_000, message: `no outcome for ${id}` },
    );
    await http.call(`${gateway}/v1/posts/${id}`, { headers: auth });
  }
  options.log(`${requestIds.length} posts done`);

  // Failure paths, on the last connection (the first two stay healthy for the swap test).
  const victim = connectionIds.at(-1) ?? '';
  const emulator = system.emulator.url;
  /** Two creates answered `status`, then a post over NATS that must end with `outcome`. */
  const postAfterFaults = async (status: number, requestId: string, text: string, outcome: string) => {
    await injectFault(emulator, { method: 'POST', pathPrefix: '/rest/posts', status, times: 2 });
    await requestPost(system.nc, { requestId, connectionId: victim, text }, { wait: false });
    await tap.waitFor(outcome, 'requestId', requestId, 30_000);
  };
  await postAfterFaults(500, 'hygiene-retried', 'after two 500s', SUBJECTS.postPublished);
  await postAfterFaults(401, 'hygiene-401', 'meets 401s', SUBJECTS.postFailed);
  await http.call(`${gateway}/v1/posts`, {
    headers: auth,
    json: { requestId: 'hygiene-unknown', connectionId: 'conn_does_not_exist', text: 'x' },
  });
  await injectFault(emulator, { method: 'POST', pathPrefix: '/oauth/v2/accessToken', status: 400, times: 1 });
  await http.call(`${gateway}/v1/connections/${victim}/refresh`, { method: 'POST', headers: auth });
  await tap.waitFor(SUBJECTS.tokenRefreshFailed, 'connectionId', victim);
  await connectMember(gateway, { decision: 'cancel', onGatewayResponse: (a) => http.answers.push(a) }).catch(
    () => null,
  );
  await http.call(`${gateway}/v1/connections/${victim}`, { method: 'DELETE', headers: auth });
  options.log('failure paths done');

  for (const id of connectionIds) await http.call(`${gateway}/v1/connections/${id}`, { headers: auth });
  await http.call(`${gateway}/v1/connections?tenantId=tenant-a`, { headers: auth });
  await http.call(`${gateway}/connect`);
  for (const service of Object.values(system.stack.services)) {
    for (const path of ['/readyz', '/healthz']) await http.call(`${service.url}${path}`);
    for (const path of ['/metrics', '/readyz', '/healthz']) await http.call(`${service.metricsUrl}${path}`);
  }
  return { connectionIds };
}
