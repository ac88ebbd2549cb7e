import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { describeIssues, postRequested, SUBJECTS, type ConnectionView } from '@li-bus/contracts';
import { createEventPublisher, requestTokenKeeper } from '@li-bus/messaging';
import { waitForOutcome } from './wait-outcome.ts';

export interface Output {
  line(text: string): void;
  json(value: unknown): void;
}

export async function postCommand(
  nc: NatsConnection,
  args: Record<string, string | boolean | undefined>,
  out: Output,
): Promise<number> {
  const str = (key: string) => (typeof args[key] === 'string' ? args[key] : undefined);
  const candidate = {
    requestId: str('request-id') ?? `cli-${randomUUID()}`,
    connectionId: str('connection'),
    ...(str('text') !== undefined ? { text: str('text') } : {}),
    ...(str('author') ? { author: str('author') } : {}),
    ...(str('visibility') ? { visibility: str('visibility') } : {}),
    ...(str('article-url') ? { article: { url: str('article-url'), title: str('article-title') } } : {}),
    ...(str('not-before') ? { notBefore: str('not-before') } : {}),
  };
  const parsed = postRequested.safeParse(candidate);
  if (!parsed.success) {
    out.line(`invalid post: ${describeIssues(parsed.error)}`);
    return 2;
  }
  const timeoutMs = Number(str('timeout') ?? 60) * 1000;
  const outcome = args['no-wait'] ? null : waitForOutcome(nc, parsed.data.requestId, timeoutMs);
  const ack = await createEventPublisher(nc).publish(SUBJECTS.postRequested, parsed.data);
  out.line(
    `requested ${parsed.data.requestId}${ack.duplicate ? ' (already requested: same requestId)' : ''}`,
  );
  if (!outcome) return 0;
  out.line('waiting for the outcome…');
  const result = await outcome;
  if (args['json']) out.json(result);
  if (result.kind === 'published') {
    out.line(`published ${result.event.postUrn}\n  ${result.event.postUrl}`);
    return 0;
  }
  if (result.kind === 'failed') {
    out.line(`failed: ${result.event.code}: ${result.event.message}`);
    return 1;
  }
  out.line(`no outcome within ${timeoutMs / 1000}s (the request stays queued; check again later)`);
  return 3;
}

function describe(view: ConnectionView): string {
  const orgs = view.organizations.map((org) => org.name).join(', ');
  return `${view.connectionId}  ${view.status.padEnd(15)} ${view.member.name}${orgs ? ` (pages: ${orgs})` : ''}  expires ${view.accessTokenExpiresAt}`;
}

export async function connectionsCommand(
  nc: NatsConnection,
  args: Record<string, string | boolean | undefined>,
  out: Output,
): Promise<number> {
  const tenantId = typeof args['tenant'] === 'string' ? args['tenant'] : 'default';
  const { connections } = await requestTokenKeeper(nc, SUBJECTS.tokensList, { tenantId });
  if (args['json']) out.json(connections);
  else if (!connections.length) out.line(`no connections for tenant ${tenantId} yet: open the /connect page`);
  else for (const view of connections) out.line(describe(view));
  return 0;
}
