import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { connectionDetails as connectionDetailsSchema, connectionView } from '@li-bus/contracts';
import { connectionDetails } from '../connections/connection-details.ts';
import { listOwnConnections, ownConnection } from '../connections/own-connection.ts';
import type { Caller } from '../http/caller.ts';
import type { McpDeps } from './mcp-deps.ts';
import { answer, asTool, toolOutput } from './mcp-results.ts';

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

/** The connection tools: `GET /v1/connections/:id` and the list, as the token sees them (its one connection). */
export function registerConnectionTools(server: McpServer, deps: McpDeps, caller: OAuthCaller): void {
  server.registerTool(
    'get_connection_status',
    {
      title: 'Read the LinkedIn connection',
      description:
        'The connected member, the Pages they administer, whether the connection is active, expiring, ' +
        'expired, needs a new sign-in (reauth_required) or was revoked, whether it can post first comments, ' +
        "and the member's posts today against LinkedIn's daily limit (quota).",
      inputSchema: z.object({}),
      outputSchema: toolOutput(connectionDetailsSchema),
      annotations: readOnly,
    },
    () =>
      asTool(async () => {
        const view = await ownConnection(deps, caller, caller.token.connectionId);
        return answer(await connectionDetails(deps, view));
      }),
  );

  server.registerTool(
    'list_connections',
    {
      title: 'List the LinkedIn connections this token may use',
      description:
        'The LinkedIn connections this agent may post through: the one it was authorized for (none once it ' +
        'was removed).',
      inputSchema: z.object({}),
      outputSchema: toolOutput(z.object({ connections: z.array(connectionView) })),
      annotations: readOnly,
    },
    () => asTool(async () => answer({ connections: await listOwnConnections(deps, caller) })),
  );
}
