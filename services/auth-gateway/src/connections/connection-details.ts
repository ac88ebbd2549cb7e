import { commentCapability, type ConnectionDetails, type ConnectionView } from '@li-bus/contracts';
import type { QuotaReader } from './quota-reader.ts';

/**
 * The connection view with what follows from it: `canComment` derived from the scopes token-keeper holds (no
 * second record of it) and the member's `quota` for today.
 */
export async function connectionDetails(
  deps: { quota: QuotaReader; now: () => number },
  view: ConnectionView,
): Promise<ConnectionDetails> {
  return {
    ...view,
    canComment: commentCapability(view.scopes),
    quota: await deps.quota.quotaOf(view.member.sub, deps.now()),
  };
}
