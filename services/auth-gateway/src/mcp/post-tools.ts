import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { describeIssues, requestId as requestIdSchema } from '@li-bus/contracts';
import { postStatus, type PostStatus } from '../http/api-schemas.ts';
import type { Caller } from '../http/caller.ts';
import { acceptPost } from '../posts/accept-post.ts';
import { cancelPost } from '../posts/cancel-post.ts';
import { requestDelete, requestEdit } from '../posts/change-post.ts';
import { readPostStatus } from '../posts/read-post-status.ts';
import { connectNeeded } from './connect-needed.ts';
import type { McpDeps } from './mcp-deps.ts';
import { answer, asTool, refusal, toolOutput } from './mcp-results.ts';
import { publishCommand, publishInput, waitSeconds } from './publish-command.ts';

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

const POLL_MS = 250;
/** Statuses that wait for the publisher's answer. */
const PENDING: readonly PostStatus['status'][] = ['queued', 'cancelling', 'updating', 'deleting'];

const ownRequestId = requestIdSchema.describe('The requestId the post was published with');

async function waitForOutcome(deps: McpDeps, caller: Caller, status: PostStatus, seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  let current = status;
  while (PENDING.includes(current.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await readPostStatus(deps, caller, status.requestId);
  }
  return current;
}

/** What a cancel came to, in a sentence, and whether it worked. */
function cancelOutcome(post: PostStatus) {
  if (post.status === 'cancelled') {
    return { outcome: 'cancelled', summary: 'Cancelled: this post will never be published.' } as const;
  }
  if (post.status === 'cancelling') {
    const summary = 'Cancel requested; not confirmed yet: get_post_status shows "cancelled" once it is.';
    return { outcome: 'cancelling', summary } as const;
  }
  const summary = post.postUrn
    ? `Not cancelled: the post is already on LinkedIn (${post.postUrn}); delete_post deletes it.`
    : `Not cancelled: ${post.cancelRejected?.message ?? `the request is ${post.status}`}.`;
  return { outcome: 'not_cancelled', summary } as const;
}

const cancelOutput = z.object({
  outcome: z.enum(['cancelled', 'cancelling', 'not_cancelled']),
  summary: z.string(),
  post: postStatus,
});

/** The post tools: each the same operation as its `/v1/posts` route, on the token's one connection. */
export function registerPostTools(server: McpServer, deps: McpDeps, caller: OAuthCaller): void {
  const connectionId = caller.token.connectionId;
  /** Runs `act` once the connection can post; else answers how to connect (connect-needed.ts). */
  const onLinkedIn = (ctx: ServerContext, act: () => Promise<CallToolResult>) =>
    asTool<CallToolResult | InputRequiredResult>(
      async () => (await connectNeeded(deps, caller, ctx)) ?? act(),
    );

  server.registerTool(
    'publish_post',
    {
      title: 'Publish a LinkedIn post',
      description:
        'Publishes on LinkedIn for the connected member (or one of their Pages): text, an article link, ' +
        'images, a video or a document (https URLs or upload_media URLs), a poll or a reshare, optionally with ' +
        'a first comment and at a later time (notBefore), then waits for the outcome. Repeating a requestId ' +
        'never posts twice.',
      inputSchema: publishInput,
      outputSchema: toolOutput(postStatus),
      // Not idempotent as such: the same arguments without a requestId are another post.
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    (input, ctx) =>
      onLinkedIn(ctx, async () => {
        const command = publishCommand(connectionId, input);
        if (!command) return refusal('invalid_request', 'images: give images or media, not both');
        if (!command.success) return refusal('invalid_request', describeIssues(command.error));
        const queued = await acceptPost(deps, caller, command.data);
        const scheduled = input.notBefore !== undefined && Date.parse(input.notBefore) > deps.now();
        return answer(scheduled ? queued : await waitForOutcome(deps, caller, queued, input.waitSeconds));
      }),
  );

  server.registerTool(
    'get_post_status',
    {
      title: 'Read a post request',
      description:
        'queued, published (with the post URN and URL, and the first comment), failed (with a code), or ' +
        'where an edit, delete or cancel stands, for one requestId.',
      inputSchema: z.object({ requestId: ownRequestId }),
      outputSchema: toolOutput(postStatus),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ requestId }) => asTool(async () => answer(await readPostStatus(deps, caller, requestId))),
  );

  server.registerTool(
    'cancel_post',
    {
      title: 'Cancel a post not yet on LinkedIn',
      description:
        'Cancels a post request that has not reached LinkedIn (a scheduled or queued one): it will never be ' +
        'posted. A post already on LinkedIn is left as it is (delete_post deletes it). Cancelling twice is ' +
        'harmless.',
      inputSchema: z.object({ requestId: ownRequestId, waitSeconds: waitSeconds(10) }),
      outputSchema: toolOutput(cancelOutput),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ requestId, waitSeconds: seconds }) =>
      asTool(async () => {
        const { post } = await cancelPost(deps, caller, { requestId });
        const current = await waitForOutcome(deps, caller, post, seconds);
        const { outcome, summary } = cancelOutcome(current);
        const result = answer({ outcome, summary, post: current }, summary);
        return outcome === 'not_cancelled' ? { ...result, isError: true } : result;
      }),
  );

  server.registerTool(
    'edit_post',
    {
      title: 'Edit a published post',
      description:
        'Replaces the text of a post publish_post put on LinkedIn (plain text, escaped for you), then waits ' +
        'for LinkedIn to take it. Sending the same text again is one edit.',
      inputSchema: z.object({
        requestId: ownRequestId,
        text: z.string().min(1).describe('The new text'),
        waitSeconds: waitSeconds(10),
      }),
      outputSchema: toolOutput(postStatus),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    },
    ({ requestId, text, waitSeconds: seconds }, ctx) =>
      onLinkedIn(ctx, async () => {
        const post = await requestEdit(deps, caller, { requestId }, text);
        return answer(await waitForOutcome(deps, caller, post, seconds));
      }),
  );

  server.registerTool(
    'delete_post',
    {
      title: 'Delete a published post',
      description:
        'Deletes a post publish_post put on LinkedIn, then waits for LinkedIn to confirm. Deleting a deleted ' +
        'post is harmless. A post not yet on LinkedIn is cancelled with cancel_post instead.',
      inputSchema: z.object({ requestId: ownRequestId, waitSeconds: waitSeconds(10) }),
      outputSchema: toolOutput(postStatus),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    },
    ({ requestId, waitSeconds: seconds }, ctx) =>
      onLinkedIn(ctx, async () => {
        const post = await requestDelete(deps, caller, { requestId });
        return answer(await waitForOutcome(deps, caller, post, seconds));
      }),
  );
}
