import {
  createMcpHandler,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
} from '@modelcontextprotocol/server';
import type { Caller } from '../http/caller.ts';
import type { McpDeps } from './mcp-deps.ts';
import { createMcpServer } from './mcp-tools.ts';

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

/** Both revisions' answers for one request, and the teardown of what serves them. */
export interface McpServing {
  fetch(request: Request, caller: OAuthCaller, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The caller rides the SDK's pass-through `authInfo` to the per-request server; the token itself does not. */
const authInfoOf = (caller: OAuthCaller): AuthInfo => ({
  token: '',
  clientId: caller.token.clientId,
  scopes: caller.token.scope,
  extra: { caller },
});

/**
 * 2026-07-28 requests go to the SDK's `createMcpHandler` (`server/discover`, the per-request envelope,
 * `Mcp-Method`/`Mcp-Name`); 2025-11-25 requests (`initialize` and what follows it) to a fresh server on the
 * SDK's streamable HTTP transport without sessions, answering JSON. The SDK's own stateless 2025 fallback
 * would do the same but answers over SSE; plain JSON keeps every 2025 client and our tests' readers working.
 * `isLegacyRequest` is the SDK's own routing decision, so the two legs never disagree with it.
 */
export function createMcpServing(deps: McpDeps, maxRequestBodySize: number): McpServing {
  const modern = createMcpHandler(
    ({ authInfo }) => createMcpServer(deps, authInfo?.extra?.['caller'] as OAuthCaller),
    { legacy: 'reject', maxRequestBodySize },
  );

  async function legacy(request: Request, caller: OAuthCaller, body: unknown): Promise<Response> {
    const server = createMcpServer(deps, caller);
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { parsedBody: body, authInfo: authInfoOf(caller) });
    } finally {
      await server.close();
    }
  }

  return {
    async fetch(request, caller, body) {
      if (await isLegacyRequest(request, body, { maxRequestBodySize })) return legacy(request, caller, body);
      return modern.fetch(request, { authInfo: authInfoOf(caller), parsedBody: body });
    },
    close: () => modern.close(),
  };
}
