import type { GatewayHarness } from './harness.ts';

/** What went over the wire: each request's MCP headers and JSON-RPC method, and each answer's session id. */
export interface Exchange {
  method: string;
  protocolVersion: string | null;
  mcpMethod: string | null;
  mcpName: string | null;
  sessionId: string | null;
}

/** The harness's gateway on a real port, and a fetch that records the exchanges with `/mcp`. */
export async function listening(h: GatewayHarness) {
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const exchanges: Exchange[] = [];
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { method?: string }) : {};
    exchanges.push({
      method: body.method ?? '',
      protocolVersion: headers.get('mcp-protocol-version'),
      mcpMethod: headers.get('mcp-method'),
      mcpName: headers.get('mcp-name'),
      sessionId: response.headers.get('mcp-session-id'),
    });
    return response;
  };
  return { url: new URL('/mcp', address), exchanges, fetch: recordingFetch };
}
