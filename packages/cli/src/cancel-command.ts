import type { NatsConnection } from '@nats-io/transport-node';
import type { PostCancelRequested } from '@li-bus/contracts';
import { InvalidPostError, requestCancel } from '@li-bus/client';
import type { Output } from './commands.ts';

type Args = Record<string, string | boolean | undefined>;

const str = (args: Args, key: string) => (typeof args[key] === 'string' ? args[key] : undefined);

const REJECTED = {
  already_published: 'it already reached LinkedIn (delete the post instead)',
  not_found: 'the publisher does not know it, or it has ended',
};

/**
 * `pnpm cli cancel --request <requestId> [--connection id]`: cancels a request not yet on LinkedIn and prints the
 * outcome. Exit codes like `post`: 0 cancelled (or requested with `--no-wait`), 1 rejected, 2 invalid input,
 * 3 no outcome in time.
 */
export async function cancelCommand(nc: NatsConnection, args: Args, out: Output): Promise<number> {
  const command = {
    requestId: str(args, 'request'),
    ...(str(args, 'connection') ? { connectionId: str(args, 'connection') } : {}),
  };
  const timeoutMs = Number(str(args, 'timeout') ?? 60) * 1000;
  out.line(args['no-wait'] ? 'requesting…' : 'requesting and waiting for the outcome…');
  let result;
  try {
    const options = { wait: !args['no-wait'], timeoutMs };
    result = await requestCancel(nc, command as PostCancelRequested, options);
  } catch (error) {
    if (!(error instanceof InvalidPostError)) throw error;
    out.line(`invalid request: ${error.message}`);
    return 2;
  }
  if (args['json']) out.json(result);
  if (result.duplicate) out.line(`(${result.requestId} was cancelled before: this is that outcome)`);
  switch (result.status) {
    case 'requested':
      out.line(`cancel requested for ${result.requestId}`);
      return 0;
    case 'cancelled':
      out.line(`cancelled ${result.requestId} at ${result.event.cancelledAt}`);
      return 0;
    case 'rejected':
      out.line(`not cancelled: ${result.event.reason}: ${REJECTED[result.event.reason]}`);
      return 1;
    default:
      out.line(`no outcome within ${timeoutMs / 1000}s (check again later)`);
      return 3;
  }
}
