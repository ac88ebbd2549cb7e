import type { FastifyReply, FastifyRequest } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { HttpApp } from '@li-bus/service-kit';
import { authenticateCaller, callerOf } from '../http/caller.ts';
import { createMcpServer, type McpDeps } from './mcp-tools.ts';

/**
 * `POST /mcp`: the MCP endpoint (streamable HTTP, stateless: every request carries its own bearer token, so
 * any gateway replica can answer it). Only OAuth access tokens are accepted; a missing or bad one gets 401 with
 * the protected resource metadata URL (RFC 9728), from where MCP clients find this authorization server.
 */
export function registerMcp(app: HttpApp, deps: McpDeps): void {
  const authenticate = async (request: FastifyRequest) =>
    void (await authenticateCaller(request, deps, 'mcp'));

  app.post('/mcp', { onRequest: authenticate }, async (request, reply) => {
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
    const server = createMcpServer(deps, caller);
    // No session id generator: stateless, so any replica answers any request.
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
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
