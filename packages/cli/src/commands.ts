import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { SUBJECTS, type ConnectionView, type PostRequestedInput } from '@li-bus/contracts';
import { requestTokenKeeper } from '@li-bus/token-keeper-client';
import { InvalidPostError, requestPost } from '@li-bus/client';

export interface Output {
  line(text: string): void;
  json(value: unknown): void;
}

export async function postCommand(
  nc: NatsConnection,
  args: Record<string, string | boolean | string[] | undefined>,
  out: Output,
): Promise<number> {
  const str = (key: string) => {
    const value = args[key];
    return typeof value === 'string' ? value : undefined;
  };
  const pollOptions = Array.isArray(args['poll-option']) ? args['poll-option'] : [];
  const candidate = {
    requestId: str('request-id') ?? `cli-${randomUUID()}`,
    connectionId: str('connection'),
    ...(str('text') !== undefined ? { text: str('text') } : {}),
    ...(str('author') ? { author: str('author') } : {}),
    ...(str('visibility') ? { visibility: str('visibility') } : {}),
    ...(str('article-url') ? { article: { url: str('article-url'), title: str('article-title') } } : {}),
    ...(str('not-before') ? { notBefore: str('not-before') } : {}),
    ...(str('first-comment') !== undefined ? { firstComment: { text: str('first-comment') } } : {}),
    ...(str('reshare-of') ? { reshareOf: str('reshare-of') } : {}),
    ...(str('poll-question') !== undefined || pollOptions.length
      ? { poll: { question: str('poll-question'), options: pollOptions, duration: str('poll-duration') } }
      : {}),
  };
  const timeoutMs = Number(str('timeout') ?? 60) * 1000;
  out.line(args['no-wait'] ? 'requesting…' : 'requesting and waiting for the outcome…');
  let result;
  try {
    result = await requestPost(nc, candidate as PostRequestedInput, { wait: !args['no-wait'], timeoutMs });
  } catch (error) {
    if (!(error instanceof InvalidPostError)) throw error;
    out.line(`invalid post: ${error.message}`);
    return 2;
  }
  if (args['json']) out.json(result);
  if (result.duplicate) out.line(`(${result.requestId} was requested before: this is its outcome)`);
  if (result.status === 'requested') {
    out.line(`requested ${result.requestId}`);
    return 0;
  }
  if (result.status === 'published') {
    out.line(`published ${result.event.postUrn}\n  ${result.event.postUrl}`);
    const comment = result.event.firstComment;
    if (comment?.status === 'published') out.line(`first comment ${comment.commentUrn}`);
    if (comment?.status === 'failed') out.line(`first comment failed: ${comment.code}: ${comment.message}`);
    return 0;
  }
  if (result.status === 'failed') {
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
