import { createHash } from 'node:crypto';

/**
 * The `requestId` an HTTP or MCP request travels under on the bus. A caller's requestId is its idempotency key
 * within its own tenant and connection only: the bus id is derived from all three, so tenant B re-using tenant
 * A's id (or squatting a backend's predictable one) is a different request. `h.` + 43 base64url characters:
 * inside the contract's 1–128 `[A-Za-z0-9._:-]`. Internal NATS callers keep their global requestIds.
 */
export function busRequestId(tenantId: string, connectionId: string, requestId: string): string {
  const digest = createHash('sha256').update(JSON.stringify([tenantId, connectionId, requestId]));
  return `h.${digest.digest('base64url')}`;
}
