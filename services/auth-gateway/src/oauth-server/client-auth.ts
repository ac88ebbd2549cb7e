import type { FastifyRequest } from 'fastify';
import { OAuthError } from './oauth-error.ts';
import { findClient, type OAuthServer } from './oauth-server.ts';
import type { OAuthClient } from './records.ts';
import { sameDigest, tokenDigest } from '../oauth-core/tokens.ts';

interface PresentedCredentials {
  clientId: string;
  clientSecret?: string;
  via: 'basic' | 'body';
}

/** RFC 6749 §2.3.1: `Authorization: Basic` (form-urlencoded id and secret) or `client_id`/`client_secret`. */
function presented(request: FastifyRequest, body: Record<string, string | undefined>): PresentedCredentials {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) throw new OAuthError('invalid_client', 'malformed Basic credentials');
    try {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
        clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
        via: 'basic',
      };
    } catch {
      throw new OAuthError('invalid_client', 'malformed Basic credentials');
    }
  }
  if (!body['client_id']) throw new OAuthError('invalid_client', 'client_id is required', 401);
  return {
    clientId: body['client_id'],
    ...(body['client_secret'] !== undefined ? { clientSecret: body['client_secret'] } : {}),
    via: 'body',
  };
}

/**
 * The calling client, authenticated the way it registered; anything else is `invalid_client` (401). A client
 * known by its metadata document is a public client identified by its URL; its document (cached) must still
 * describe it.
 */
export async function authenticateClient(
  oauth: Pick<OAuthServer, 'store' | 'documents'>,
  request: FastifyRequest,
  body: Record<string, string | undefined>,
): Promise<OAuthClient> {
  const credentials = presented(request, body);
  const client = await findClient(oauth, credentials.clientId);
  if (!client) throw new OAuthError('invalid_client', 'unknown or expired client');
  if (body['client_id'] !== undefined && body['client_id'] !== client.clientId) {
    throw new OAuthError('invalid_client', 'client_id does not match the authenticated client');
  }
  const method = client.tokenEndpointAuthMethod;
  if (method === 'none') {
    if (credentials.clientSecret !== undefined)
      throw new OAuthError('invalid_client', 'this is a public client: it has no secret');
    return client;
  }
  const expectedVia = method === 'client_secret_basic' ? 'basic' : 'body';
  if (
    credentials.via !== expectedVia ||
    credentials.clientSecret === undefined ||
    !client.clientSecretDigest ||
    !sameDigest(tokenDigest(credentials.clientSecret), client.clientSecretDigest)
  ) {
    throw new OAuthError('invalid_client', `client authentication failed (${method})`);
  }
  return client;
}
