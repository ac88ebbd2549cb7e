import { z } from 'zod';
import { connectionView } from './connections-query.ts';
import { memberQuota } from './member-quota.ts';

/**
 * `GET /v1/connections/:id` and MCP `get_connection_status`: the connection view plus what is derived from it
 * (`canComment`, from the granted scopes) and the member's daily create count (`quota`, from the publisher).
 */
export const connectionDetails = connectionView.extend({
  /** Whether a `firstComment` can be posted as the member / as the Pages they administer. */
  canComment: z.object({ member: z.boolean(), organizations: z.boolean() }),
  quota: memberQuota,
});
export type ConnectionDetails = z.infer<typeof connectionDetails>;
