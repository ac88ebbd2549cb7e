import type { FastifyReply, FastifyRequest } from 'fastify';
import { toWebRequest, type NodeIncomingMessageLike } from '@modelcontextprotocol/node';
import type { HttpApp } from '@li-bus/service-kit';
import { authenticateCaller, callerOf } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { bearerChallenge } from '../oauth-core/bearer-challenge.ts';
import type { OAuthScope } from '../oauth-core/scopes.ts';
import { UPLOAD_MAX_BASE64_LENGTH } from '../http/api-schemas.ts';
import type { McpDeps } from './mcp-deps.ts';
import { createMcpServing } from './serve-mcp.ts';

/** Every scope each tool needs; checked before a call runs, so a token without them gets a step-up 403. */
const TOOL_SCOPES: Record<string, readonly OAuthScope[]> = {
  publish_post: ['posts:write'],
  get_post_status: ['posts:write'],
  cancel_post: ['posts:write'],
  edit_post: ['posts:write'],
  delete_post: ['posts:write'],
  upload_media: ['posts:write'],
  get_connection_status: ['connections:read'],
  list_connections: ['connections:read'],
};

/** A body large enough for `upload_media`'s largest file, and not much more. */
const MCP_BODY_LIMIT = UPLOAD_MAX_BASE64_LENGTH + 64 * 1024;

/** The scopes a JSON-RPC `tools/call` needs (none for other methods and unknown tools, which the SDK answers). */
function scopesNeeded(body: unknown): readonly OAuthScope[] {
  const call = body as { method?: unknown; params?: { name?: unknown } } | null;
  if (call?.method !== 'tools/call' || typeof call.params?.name !== 'string') return [];
  return TOOL_SCOPES[call.params.name] ?? [];
}

/**
 * `POST /mcp`: the MCP endpoint, both protocol revisions on the official SDK (serve-mcp.ts): 2026-07-28
 * (`server/discover`, every request self-contained) and 2025-11-25 (`initialize`, served statelessly), chosen
 * by what the client sends. Stateless either way: every request carries its own bearer token, so any gateway
 * replica answers it. Only OAuth access tokens are accepted; a missing or bad one gets 401 with the protected
 * resource metadata URL (RFC 9728), from where MCP clients find this authorization server.
 */
export function registerMcp(app: HttpApp, deps: McpDeps): void {
  const authenticate = async (request: FastifyRequest) =>
    void (await authenticateCaller(request, deps, 'mcp'));
  const serving = createMcpServing(deps, MCP_BODY_LIMIT);
  app.addHook('onClose', () => serving.close());

  app.post('/mcp', { onRequest: authenticate, bodyLimit: MCP_BODY_LIMIT }, async (request, reply) => {
    const caller = callerOf(request);
    if (caller.kind !== 'oauth') throw new Error('only OAuth callers reach the MCP endpoint');
    // One rate-limited request must not carry many tool calls: JSON-RPC batches are refused before any runs.
    if (Array.isArray(request.body)) {
      return reply.code(400).send({
        jsonrpc: '2.0',
        error: { code: -32600, message: 'Invalid Request: JSON-RPC batches are not accepted' },
        id: null,
      });
    }
    const needed = scopesNeeded(request.body);
    if (needed.some((scope) => !caller.token.scope.includes(scope))) {
      const description = `this tool needs ${needed.join(' ')}`;
      const challenge = bearerChallenge(deps.config.publicOrigin, 'mcp', {
        error: 'insufficient_scope',
        scope: needed,
        description,
      });
      throw new HttpError(403, 'insufficient_scope', description, {
        headers: { 'www-authenticate': challenge },
      });
    }
    // Node's `IncomingMessage` types `method` as optional; a request that reached this route has one.
    const webRequest = await toWebRequest(request.raw as NodeIncomingMessageLike, request.body);
    return reply.send(await serving.fetch(webRequest, caller, request.body));
  });

  // Stateless: there is no server-initiated stream to open and no session to end.
  const notAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(405)
      .header('allow', 'POST')
      .send({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: use POST' }, id: null });
  app.get('/mcp', notAllowed);
  app.delete('/mcp', notAllowed);
}
