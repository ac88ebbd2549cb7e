import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PostDeleteRequested, PostUpdateRequested } from '@li-bus/contracts';
import { InvalidPostError, requestDelete, requestUpdate, type RequestChangeResult } from '@li-bus/client';
import type { Output } from './commands.ts';

type Args = Record<string, string | boolean | undefined>;

/**
 * Sends one edit or delete and prints its outcome; exit codes like `post`: 0 done (or requested with
 * `--no-wait`), 1 failed, 2 invalid input, 3 no outcome in time.
 */
async function change(
  args: Args,
  out: Output,
  send: (timeoutMs: number) => Promise<RequestChangeResult>,
): Promise<number> {
  const timeoutMs = Number(typeof args['timeout'] === 'string' ? args['timeout'] : 60) * 1000;
  out.line(args['no-wait'] ? 'requesting…' : 'requesting and waiting for the outcome…');
  let result;
  try {
    result = await send(timeoutMs);
  } catch (error) {
    if (!(error instanceof InvalidPostError)) throw error;
    out.line(`invalid request: ${error.message}`);
    return 2;
  }
  if (args['json']) out.json(result);
  if (result.duplicate) out.line(`(${result.requestId} was requested before: this is its outcome)`);
  switch (result.status) {
    case 'requested':
      out.line(`requested ${result.requestId}`);
      return 0;
    case 'updated':
      out.line(`updated ${result.event.postUrn} at ${result.event.updatedAt}`);
      return 0;
    case 'deleted':
      out.line(`deleted ${result.event.postUrn} at ${result.event.deletedAt}`);
      return 0;
    case 'failed':
      out.line(`failed: ${result.event.code}: ${result.event.message}`);
      return 1;
    default:
      out.line(`no outcome within ${timeoutMs / 1000}s (the request stays queued; check again later)`);
      return 3;
  }
}

const str = (args: Args, key: string) => (typeof args[key] === 'string' ? args[key] : undefined);

/** `pnpm cli edit --connection <id> --post <urn> --text "…" [--request-id id]`: the post's new text. */
export function editCommand(nc: NatsConnection, args: Args, out: Output): Promise<number> {
  const command = {
    requestId: str(args, 'request-id') ?? `cli-edit-${randomUUID()}`,
    connectionId: str(args, 'connection'),
    postUrn: str(args, 'post'),
    text: str(args, 'text'),
  };
  return change(args, out, (timeoutMs) =>
    requestUpdate(nc, command as PostUpdateRequested, { wait: !args['no-wait'], timeoutMs }),
  );
}

/** `pnpm cli delete --connection <id> --post <urn> [--request-id id]`: deletes the post from LinkedIn. */
export function deleteCommand(nc: NatsConnection, args: Args, out: Output): Promise<number> {
  const command = {
    requestId: str(args, 'request-id') ?? `cli-delete-${randomUUID()}`,
    connectionId: str(args, 'connection'),
    postUrn: str(args, 'post'),
  };
  return change(args, out, (timeoutMs) =>
    requestDelete(nc, command as PostDeleteRequested, { wait: !args['no-wait'], timeoutMs }),
  );
}
