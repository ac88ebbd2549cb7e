import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { RefusedAddressError } from '@li-bus/net-guard';
import type { HttpApp } from '@li-bus/service-kit';
import { CONNECT_TTL_MS, digest, randomToken } from '../connect/connect-sessions.ts';
import { startConnect } from '../connect/start-connect.ts';
import { OAuthError } from './oauth-error.ts';
import { findClient, type OAuthServer } from './oauth-server.ts';
import type { AuthorizationRequest, OAuthClient } from './records.ts';
import { authorizeErrorPage, consentHeaders, consentPage } from './pages.ts';
import { parseScope } from './scopes.ts';
import { newToken } from '../oauth-core/tokens.ts';
import { isKnownResource } from '../oauth-core/resources.ts';
import { HTML_HEADERS } from '../http/html.ts';

/** The consent Allow starts a connect flow: what that needs, and the clock. */
export type AuthorizeDeps = Parameters<typeof startConnect>[1] & { now: () => number };

export const CONSENT_COOKIE = 'oauth_consent';
const CONSENT_PATH = '/oauth/authorize';
const REQUEST_TTL_MS = 15 * 60 * 1000;
/** The client's `state` is kept until the answer: anonymous requests may not store more than this. */
export const MAX_STATE_LENGTH = 512;
/** An S256 challenge is the base64url of 32 bytes: exactly 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

type Query = Record<string, string | string[] | undefined>;

/** RFC 6749 §4.1.2 (with RFC 9207's `iss`): the answer goes back on the client's registered redirect URI. */
export function redirectWithResult(
  reply: FastifyReply,
  issuer: string,
  redirectUri: string,
  params: Record<string, string | undefined>,
) {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries({ ...params, iss: issuer })) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
  return reply.redirect(url.toString(), 302);
}

function showError(reply: FastifyReply, status: number, code: string, description: string) {
  return reply.code(status).headers(HTML_HEADERS).send(authorizeErrorPage(code, description));
}

/** The page says only that a metadata document's host is not public; what it resolved to goes to the log. */
function logRefusedHost(log: FastifyBaseLogger, error: OAuthError) {
  const refused = RefusedAddressError.find(error.cause);
  if (refused) {
    log.warn({ host: refused.host, address: refused.address }, 'client metadata host refused: not public');
  }
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new OAuthError('invalid_request', `${name} is repeated`);
  return value === '' ? undefined : value;
}

/** The client and the redirect URI the answer may go to; until both are known, errors are only shown. */
async function clientAndRedirect(
  oauth: OAuthServer,
  query: Query,
): Promise<{ client: OAuthClient; redirectUri: string }> {
  const clientId = single(query, 'client_id');
  const asked = single(query, 'redirect_uri');
  const client = clientId ? await findClient(oauth, clientId) : null;
  if (!client) throw new OAuthError('invalid_request', 'unknown or expired client_id');
  if (asked === undefined) {
    if (client.redirectUris.length !== 1) throw new OAuthError('invalid_request', 'redirect_uri is required');
    return { client, redirectUri: client.redirectUris[0]! };
  }
  if (!client.redirectUris.includes(asked)) {
    throw client.fromMetadataDocument
      ? new OAuthError('invalid_client', "redirect_uri is not listed in the client's metadata document")
      : new OAuthError('invalid_request', 'redirect_uri is not registered for this client');
  }
  return { client, redirectUri: asked };
}

/** Everything else of the request; like every error before consent, its errors are shown, not redirected. */
function checkRequest(query: Query, client: OAuthClient, issuer: string) {
  if (single(query, 'response_type') !== 'code') {
    throw new OAuthError('unsupported_response_type', 'only response_type=code is supported');
  }
  const challenge = single(query, 'code_challenge');
  const method = single(query, 'code_challenge_method');
  if (!challenge) throw new OAuthError('invalid_request', 'PKCE is required: send code_challenge (S256)');
  if (method !== 'S256') {
    throw new OAuthError('invalid_request', 'code_challenge_method must be S256 (plain is not accepted)');
  }
  if (!S256_CHALLENGE.test(challenge)) throw new OAuthError('invalid_request', 'code_challenge is malformed');
  const scope = parseScope(single(query, 'scope'), client.scope);
  const resource = single(query, 'resource');
  if (resource !== undefined && !isKnownResource(issuer, resource)) {
    throw new OAuthError('invalid_target', 'resource is not served by this authorization server');
  }
  return { challenge, scope, resource };
}

/**
 * `GET /oauth/authorize` shows who asks for what (or, for any bad request, our error page); `POST /oauth/authorize`
 * (the consent form, bound to this browser by a SameSite cookie) sends an Allow straight on to LinkedIn from this
 * browser, whose callback issues the code; a Deny goes back to the client's redirect URI.
 */
export function registerAuthorize(app: HttpApp, deps: AuthorizeDeps, oauth: OAuthServer): void {
  const issuer = deps.config.publicOrigin;
  const secureCookie = issuer.startsWith('https:');

  app.get<{ Querystring: Query }>('/oauth/authorize', async (request, reply) => {
    // Until the user acts on our consent page, every refusal is shown here and never redirected: the
    // registered redirect URI of a client anyone may register is no place to send a browser unasked.
    let target: { client: OAuthClient; redirectUri: string };
    let checked: ReturnType<typeof checkRequest>;
    let state: string | undefined;
    try {
      target = await clientAndRedirect(oauth, request.query);
      state = single(request.query, 'state');
      if (state !== undefined && state.length > MAX_STATE_LENGTH) {
        throw new OAuthError('invalid_request', `state is longer than ${MAX_STATE_LENGTH} characters`);
      }
      checked = checkRequest(request.query, target.client, issuer);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      logRefusedHost(request.log, error);
      return showError(reply, 400, error.code, error.message);
    }
    const { client, redirectUri } = target;
    const { challenge, scope, resource } = checked;
    const requestId = newToken('request');
    const nonce = randomToken();
    const pending: AuthorizationRequest = {
      clientId: client.clientId,
      redirectUri,
      ...(state !== undefined ? { state } : {}),
      codeChallenge: challenge,
      scope,
      ...(resource !== undefined ? { resource } : {}),
      nonceDigest: digest(nonce),
      expiresAt: deps.now() + REQUEST_TTL_MS,
    };
    await oauth.store.requests.create(requestId, pending);
    reply.setCookie(CONSENT_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookie,
      path: CONSENT_PATH,
      maxAge: REQUEST_TTL_MS / 1000,
    });
    return reply
      .headers(consentHeaders(new URL(deps.config.linkedin.authBase).origin, redirectUri))
      .send(consentPage(client, redirectUri, scope, requestId));
  });

  app.post<{ Body: Record<string, string | undefined> }>('/oauth/authorize', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const requestId = typeof body['request'] === 'string' ? body['request'] : undefined;
    const found = requestId ? await oauth.store.requests.get(requestId) : null;
    const nonce = request.cookies[CONSENT_COOKIE];
    reply.clearCookie(CONSENT_COOKIE, { path: CONSENT_PATH });
    if (!requestId || !found || !(await oauth.store.requests.deleteAt(requestId, found.revision))) {
      return showError(
        reply,
        400,
        'invalid_request',
        'this authorization request expired or was already answered',
      );
    }
    const pending = found.value;
    if (!nonce || digest(nonce) !== pending.nonceDigest) {
      return showError(reply, 400, 'invalid_request', 'this consent form was not shown in this browser');
    }
    const decision = body['decision'];
    if (decision !== 'allow-member' && decision !== 'allow-organization') {
      return redirectWithResult(reply, issuer, pending.redirectUri, {
        error: 'access_denied',
        error_description: 'the user denied the request',
        state: pending.state,
      });
    }
    const client = await findClient(oauth, pending.clientId).catch((error: unknown) => {
      if (!(error instanceof OAuthError)) throw error;
      logRefusedHost(request.log, error);
      return error;
    });
    if (client instanceof OAuthError) return showError(reply, 400, client.code, client.message);
    if (!client) return showError(reply, 400, 'invalid_request', 'the client is no longer registered');
    // Straight to LinkedIn from this browser: the flow's state is bound to it by the `li_connect` cookie, so the
    // code can only come back here. No link is made that another browser could open.
    return startConnect(reply, deps, {
      tenantId: client.tenantId,
      kind: decision === 'allow-organization' ? 'organization' : 'member',
      returnTo: null,
      oauth: pending,
      expiresAt: deps.now() + CONNECT_TTL_MS,
    });
  });
}
