import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { describeIssues, postRequested, requestId as requestIdSchema } from '@li-bus/contracts';
import type { PostStatus } from '../http/api-schemas.ts';
import type { Caller, CallerDeps } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { acceptPost } from '../posts/accept-post.ts';
import { readPostStatus } from '../posts/read-post-status.ts';
import { fromTokenKeeper } from '../http/token-keeper-errors.ts';
import { callerMayUse } from '../http/caller.ts';
import { connectionDetails } from '../connections/connection-details.ts';
import type { QuotaReader } from '../connections/quota-reader.ts';

/** The MCP tools take posts in and read them exactly like `/v1/posts` (the same functions, the same deps). */
export type McpDeps = Parameters<typeof acceptPost>[0] & CallerDeps & { quota: QuotaReader };

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

const POLL_MS = 250;

const answer = (value: unknown): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
});

const refusal = (message: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text: message }],
});

/** Tool failures are answers the agent can read and act on, never transport errors. */
async function asTool(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return refusal(`${error.code}: ${error.message}`);
    throw error;
  }
}

async function waitForOutcome(deps: McpDeps, caller: Caller, status: PostStatus, seconds: number) {
  const deadline = deps.now() + seconds * 1000;
  let current = status;
  while (current.status === 'queued' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await readPostStatus(deps, caller, status.requestId);
  }
  return current;
}

const publishInput = {
  text: z.string().optional().describe('The post text; LinkedIn little-text escaping is done for you.'),
  article: z
    .object({
      url: z.url().describe('https:// link the post shares'),
      title: z.string().min(1).max(400).describe('LinkedIn does not read the page: the title is required'),
      description: z.string().max(4086).optional(),
    })
    .optional(),
  images: z
    .array(
      z.object({
        url: z.url().describe('https:// image to attach'),
        altText: z.string().max(4086).optional(),
      }),
    )
    .min(1)
    .max(20)
    .optional(),
  visibility: z.enum(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN']).optional(),
  author: z
    .string()
    .optional()
    .describe('urn:li:organization:… to post as a Page the member administers; the member by default'),
  requestId: requestIdSchema.optional().describe('Idempotency key: the same requestId is never posted twice'),
  waitSeconds: z.number().int().min(0).max(60).default(30).describe('How long to wait for the outcome'),
};

/** The tools one token may use: everything acts on the one connection the token is bound to. */
export function createMcpServer(deps: McpDeps, caller: OAuthCaller): McpServer {
  const server = new McpServer({ name: 'linkedin-bus', version: '0.1.0' });
  const connectionId = caller.token.connectionId;

  server.registerTool(
    'publish_post',
    {
      title: 'Publish a LinkedIn post',
      description:
        'Publishes text, an article link or up to 20 images (by https URL) on LinkedIn for the connected member ' +
        '(or one of their Pages) and waits for the outcome. Repeating a requestId never posts twice.',
      inputSchema: publishInput,
    },
    (input) =>
      asTool(async () => {
        const command = postRequested.safeParse({
          requestId: input.requestId ?? `mcp-${randomUUID()}`,
          connectionId,
          ...(input.author !== undefined ? { author: input.author } : {}),
          ...(input.text !== undefined ? { text: input.text } : {}),
          ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
          ...(input.article !== undefined ? { article: input.article } : {}),
          ...(input.images !== undefined
            ? { media: input.images.map((image) => ({ type: 'image', ...image })) }
            : {}),
        });
        if (!command.success) return refusal(`invalid_request: ${describeIssues(command.error)}`);
        const queued = await acceptPost(deps, caller, command.data);
        return answer(await waitForOutcome(deps, caller, queued, input.waitSeconds));
      }),
  );

  server.registerTool(
    'get_post_status',
    {
      title: 'Read a post request',
      description: 'queued, published (with the post URN and URL) or failed (with a code) for one requestId.',
      inputSchema: { requestId: requestIdSchema },
    },
    ({ requestId }) => asTool(async () => answer(await readPostStatus(deps, caller, requestId))),
  );

  server.registerTool(
    'get_connection_status',
    {
      title: 'Read the LinkedIn connection',
      description:
        'The connected member, the Pages they administer, and whether the connection is active, expiring, ' +
        'expired, needs a new sign-in (reauth_required) or was revoked.',
      inputSchema: {},
    },
    () =>
      asTool(async () => {
        const view = await deps.tokenKeeper.status(connectionId).catch(fromTokenKeeper);
        callerMayUse(caller, view, 'connections:read', deps.config.publicOrigin);
        return answer(await connectionDetails(deps, view));
      }),
  );
  return server;
}
