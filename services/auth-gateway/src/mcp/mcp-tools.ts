import { McpServer } from '@modelcontextprotocol/server';
import type { Caller } from '../http/caller.ts';
import { registerConnectionTools } from './connection-tools.ts';
import type { McpDeps } from './mcp-deps.ts';
import { registerMediaTools } from './media-tools.ts';
import { registerPostTools } from './post-tools.ts';

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

/** The tools one token may use: everything acts on the one connection (and tenant) the token is bound to. */
export function createMcpServer(deps: McpDeps, caller: OAuthCaller): McpServer {
  const server = new McpServer({ name: 'linkedin-bus', version: '0.1.0' });
  registerPostTools(server, deps, caller);
  registerMediaTools(server, deps, caller);
  registerConnectionTools(server, deps, caller);
  return server;
}
