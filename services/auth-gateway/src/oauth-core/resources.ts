/** The resources whose tokens this server issues: the whole API, and the MCP endpoint on its own. */
export function resources(origin: string) {
  return { api: origin, mcp: `${origin}/mcp` } as const;
}

/** RFC 8707 `resource`: one of ours, or `invalid_target`. */
export function isKnownResource(origin: string, value: string): boolean {
  const known: readonly string[] = Object.values(resources(origin));
  return known.includes(value);
}

export function protectedResourceMetadataUrl(origin: string, resource: 'api' | 'mcp'): string {
  return `${origin}/.well-known/oauth-protected-resource${resource === 'mcp' ? '/mcp' : ''}`;
}
