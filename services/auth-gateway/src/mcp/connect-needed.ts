import {
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  type CallToolResult,
  type ClientCapabilities,
  type InputRequiredResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { TokensGetError } from '@li-bus/token-keeper-client';
import type { Caller } from '../http/caller.ts';
import { fromTokenKeeper } from '../http/token-keeper-errors.ts';
import type { McpDeps } from './mcp-deps.ts';
import { refusal } from './mcp-results.ts';

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

/** Statuses no retry or refresh mends: only the member signing in with LinkedIn again does. */
const NEEDS_SIGN_IN = new Set(['reauth_required', 'revoked']);
/** The key of the connect elicitation in `inputRequests` / `inputResponses`. */
const CONNECT_INPUT = 'connect';

/**
 * Where the member connects LinkedIn for the token's tenant: the gateway's connect page when it serves that
 * tenant, else a pending connect flow for it (the start URL the connection API hands to backends). Neither
 * carries a secret: the page asks the member to confirm in their own browser before anything happens.
 */
export async function connectUrl(deps: McpDeps, tenantId: string): Promise<string> {
  const { connectPage, publicOrigin } = deps.config;
  if (connectPage.enabled && connectPage.tenantId === tenantId) return new URL('/connect', publicOrigin).href;
  const pending = await deps.sessions.createPending({
    tenantId,
    kind: 'member',
    returnTo: null,
    organizationUrn: null,
  });
  const start = new URL('/oauth/linkedin/start', publicOrigin);
  start.searchParams.set('session', pending.id);
  return start.href;
}

/** Whether the token's connection cannot post until the member connects LinkedIn (again). */
async function connectionMissing(deps: McpDeps, caller: OAuthCaller): Promise<boolean> {
  try {
    return NEEDS_SIGN_IN.has((await deps.tokenKeeper.status(caller.token.connectionId)).status);
  } catch (error) {
    if (error instanceof TokensGetError && error.code === 'not_found') return true;
    return fromTokenKeeper(error);
  }
}

/** URL-mode elicitation as the request's own envelope declares it (2026-07-28; a 2025 stateless call has none). */
function elicitsUrls(ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  return capabilities?.elicitation?.url !== undefined;
}

/**
 * For tools that act on LinkedIn: null when the connection can post; else what to answer instead of an opaque
 * failure. A client that declared URL-mode elicitation is asked to open the connect URL (and retries the call
 * once the member is done); any other client, or one that already answered that request, gets a tool error
 * whose text and `structuredContent` carry the URL. On a 2025-11-25 request the client's capabilities are
 * unknown (they were declared at `initialize`, and the endpoint keeps no session), so it gets the error.
 */
export async function connectNeeded(
  deps: McpDeps,
  caller: OAuthCaller,
  ctx: ServerContext,
): Promise<CallToolResult | InputRequiredResult | null> {
  if (!(await connectionMissing(deps, caller))) return null;
  const url = await connectUrl(deps, caller.token.tenantId);
  const message = 'Connect LinkedIn first: open the link, sign in and allow posting, then try again.';
  const alreadyAsked = ctx.mcpReq.inputResponses?.[CONNECT_INPUT] !== undefined;
  if (elicitsUrls(ctx) && !alreadyAsked) {
    return inputRequired({ inputRequests: { [CONNECT_INPUT]: inputRequired.elicitUrl({ message, url }) } });
  }
  return refusal('connection_required', `${message} ${url}`, { connectUrl: url });
}
