import { protectedResourceMetadataUrl } from './resources.ts';

/**
 * RFC 6750 §3 challenge, pointing OAuth clients at the resource's metadata (RFC 9728 §5.1). `scope` on an
 * `insufficient_scope` refusal names every scope the operation needs, so a client can ask for them (step-up).
 */
export function bearerChallenge(
  origin: string,
  resource: 'api' | 'mcp',
  refusal: { error?: string; description?: string; scope?: readonly string[] } = {},
): string {
  const parts = [`resource_metadata="${protectedResourceMetadataUrl(origin, resource)}"`];
  if (refusal.error) parts.push(`error="${refusal.error}"`);
  if (refusal.scope) parts.push(`scope="${refusal.scope.join(' ')}"`);
  if (refusal.description) parts.push(`error_description="${refusal.description}"`);
  return `Bearer ${parts.join(', ')}`;
}
