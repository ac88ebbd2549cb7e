import { createHash } from 'node:crypto';

export type PostOperationKind = 'edit' | 'delete';

const HASH_LENGTH = 16;
const OPERATION_ID = /^(.+):(edit|delete):([1-9]\d*)(?::[0-9a-f]{16})?$/;

/**
 * The `requestId` of an edit or delete of a request's post on the bus: derived from the post's bus requestId,
 * the operation's sequence number among the post's operations, and (for an edit) a sha256 prefix of the text,
 * so a retried `PATCH`/`DELETE` is the same operation (the publisher's ledger answers it once) while a later
 * edit back to an earlier text is a new one. At most 45 + 30 characters: inside the contract's 128.
 */
export function operationRequestId(
  busRequestId: string,
  kind: PostOperationKind,
  sequence: number,
  text?: string,
): string {
  if (kind === 'delete') return `${busRequestId}:delete:${sequence}`;
  const hash = createHash('sha256')
    .update(text ?? '')
    .digest('hex')
    .slice(0, HASH_LENGTH);
  return `${busRequestId}:edit:${sequence}:${hash}`;
}

/** The post's bus requestId and the kind of an operation id; null for any other requestId. */
export function parseOperationRequestId(
  requestId: string,
): { busRequestId: string; kind: PostOperationKind } | null {
  const match = OPERATION_ID.exec(requestId);
  if (!match?.[1] || !match[2]) return null;
  return { busRequestId: match[1], kind: match[2] as PostOperationKind };
}
