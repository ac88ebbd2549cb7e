import { z } from 'zod';
import { connectionDetails, connectionView, postRequested } from '@li-bus/contracts';
import { OAUTH_SCOPES, SCOPE_DESCRIPTIONS } from '../oauth-core/scopes.ts';
import {
  authorizeBody,
  authorizeReply,
  errorBody,
  postEditBody,
  postStatus,
  refreshAccepted,
  uploadBody,
  uploadedMedia,
} from '../http/api-schemas.ts';
import { webhookPaths } from '../webhooks/webhook-openapi.ts';

type Schema = z.ZodType;
const json = (schema: Schema, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};
const content = (schema: Schema, io: 'input' | 'output') => ({
  'application/json': { schema: json(schema, io) },
});
const error = (description: string) => ({ description, content: content(errorBody, 'output') });

const apiKey = [{ bearer: [] }, { apiKey: [] }];
const commonErrors = {
  '401': error('no or wrong API key (`unauthorized`)'),
  '429': error('rate limited (`rate_limited`)'),
};
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

interface Operation {
  summary: string;
  body?: Schema;
  ok: { status: string; description: string; schema?: Schema };
  /** Other successful answers, by status. */
  responses?: Record<string, { description: string; schema: Schema }>;
  errors?: Record<string, string>;
  params?: Record<string, unknown>[];
  /** Also open to OAuth access tokens bound to the connection, with this scope. */
  oauthScope?: string;
}

function operation(op: Operation) {
  return {
    summary: op.summary,
    security: op.oauthScope ? [...apiKey, { oauth2: [op.oauthScope] }] : apiKey,
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, content: content(op.body, 'input') } } : {}),
    responses: {
      [op.ok.status]: {
        description: op.ok.description,
        ...(op.ok.schema ? { content: content(op.ok.schema, 'output') } : {}),
      },
      ...Object.fromEntries(
        Object.entries(op.responses ?? {}).map(([status, answer]) => [
          status,
          { description: answer.description, content: content(answer.schema, 'output') },
        ]),
      ),
      ...Object.fromEntries(Object.entries(op.errors ?? {}).map(([status, text]) => [status, error(text)])),
      ...(op.oauthScope
        ? {
            '403': error(
              'an OAuth token bound to another connection, or without the scope (`insufficient_scope`)',
            ),
          }
        : {}),
      ...commonErrors,
    },
  };
}

/** `?connectionId=` of the `/v1/posts/{requestId}` routes. */
const connectionQuery = {
  name: 'connectionId',
  in: 'query',
  required: false,
  description: 'which connection, when an API key used this requestId for several',
  schema: { type: 'string' },
};

/** OpenAPI 3.1 for the API-key routes, generated from the zod schemas the routes validate with. */
export function buildOpenApiDocument() {
  const connection = [pathParam('connectionId')];
  const notFound = 'unknown connection, or one of another tenant (`not_found`)';
  return {
    openapi: '3.1.0',
    info: { title: 'auth-gateway', version: '1.0.0', description: 'LinkedIn connections and post ingress.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        oauth2: {
          type: 'oauth2',
          description: "The gateway's own authorization server (docs/agents.md); PKCE S256 is required.",
          flows: {
            authorizationCode: {
              authorizationUrl: '/oauth/authorize',
              tokenUrl: '/oauth/token',
              refreshUrl: '/oauth/token',
              scopes: Object.fromEntries(OAUTH_SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]])),
            },
          },
        },
      },
    },
    paths: {
      ...webhookPaths(operation),
      '/v1/connections/authorize': {
        post: operation({
          summary: 'Start a connect flow; send the browser to authorizeUrl',
          body: authorizeBody,
          ok: {
            status: '201',
            description:
              "a one-time start URL, valid 15 minutes: it opens the gateway's confirmation page, and only the member's click there goes on to LinkedIn",
            schema: authorizeReply,
          },
          errors: {
            '400': '`invalid_request` or `invalid_return_to`',
            '403': 'key not bound to the tenant',
            '413': 'body over 64 KiB',
          },
        }),
      },
      '/v1/connections': {
        get: operation({
          summary: "List a tenant's connections",
          params: [{ name: 'tenantId', in: 'query', required: true, schema: { type: 'string' } }],
          ok: {
            status: '200',
            description: 'the connections',
            schema: z.object({ connections: z.array(connectionView) }),
          },
          errors: { '403': 'key not bound to the tenant (`forbidden`)' },
        }),
      },
      '/v1/connections/{connectionId}': {
        get: operation({
          summary: 'A connection',
          params: connection,
          ok: {
            status: '200',
            description:
              'the connection, whether it can post a first comment (canComment, from its scopes) and the ' +
              "member's creates today (quota: LinkedIn allows 150 a day, reset at 00:00 UTC)",
            schema: connectionDetails,
          },
          errors: { '404': notFound },
          oauthScope: 'connections:read',
        }),
        delete: operation({
          summary: 'Revoke at LinkedIn and here; emits token.revoked',
          params: connection,
          ok: { status: '204', description: 'revoked' },
          errors: { '404': notFound },
        }),
      },
      '/v1/connections/{connectionId}/refresh': {
        post: operation({
          summary: 'Refresh now',
          params: connection,
          ok: { status: '202', description: 'refresh requested', schema: refreshAccepted },
          errors: { '404': notFound, '409': 'revoked or reauth_required' },
        }),
      },
      '/v1/posts': {
        post: operation({
          summary:
            'Publish a post. requestId is the idempotency key within the tenant and connection: post.requested ' +
            'goes out under a bus requestId derived from (tenant, connection, requestId). Media by https URL only.',
          body: postRequested,
          ok: { status: '202', description: 'queued', schema: postStatus },
          errors: {
            '400':
              'fails the post.requested contract, or a `nats-object://` media URL other than one of the ' +
              "tenant's own uploads (POST /v1/media) (`invalid_request`)",
            '404': '`connection_not_found`',
            '413': 'body over 64 KiB',
          },
          oauthScope: 'posts:write',
        }),
      },
      '/v1/media': {
        post: operation({
          summary:
            'Store a file (base64, at most 4 MiB decoded: JPEG, PNG, GIF, MP4, PDF, Word, PowerPoint) for later ' +
            "posts of the tenant's connections: the answer's url goes in media[].url (type as answered). " +
            'tenantId is required with an API key; a token stores under its own tenant.',
          body: uploadBody,
          ok: { status: '201', description: 'stored', schema: uploadedMedia },
          errors: {
            '400': 'bad fields, base64 or content type (`invalid_request`)',
            '403': 'an API key for another tenant (`forbidden`), or a token without posts:write',
            '413': 'the file is over 4 MiB (`media_too_large`)',
          },
          oauthScope: 'posts:write',
        }),
      },
      '/v1/posts/{requestId}': {
        get: operation({
          summary: "A post request's status, by the requestId the caller sent",
          params: [pathParam('requestId'), connectionQuery],
          ok: {
            status: '200',
            description:
              'queued, published, failed, updating, updated, deleting, deleted, cancelling or cancelled',
            schema: postStatus,
          },
          errors: {
            '404': 'unknown request, or one of another tenant or connection (`not_found`)',
            '409':
              'the key used this requestId for several connections: add connectionId (`ambiguous_request_id`)',
          },
          oauthScope: 'posts:write',
        }),
        patch: operation({
          summary:
            "Replace the text of the caller's own published post: post.update.requested goes out under a " +
            'requestId derived from the post and the operation (a retried PATCH is one edit); the outcome shows ' +
            'in GET (`updated`, or `lastOperation` with the failure).',
          params: [pathParam('requestId'), connectionQuery],
          body: postEditBody,
          ok: { status: '202', description: 'updating', schema: postStatus },
          errors: {
            '400': 'text empty or over 3000 characters after escaping (`invalid_request`)',
            '404': 'unknown request, or one of another tenant or connection (`not_found`)',
            '409':
              'not published yet (`not_published`), deleted (`post_deleted`), or an ambiguous requestId ' +
              '(`ambiguous_request_id`)',
          },
          oauthScope: 'posts:write',
        }),
        delete: operation({
          summary:
            'Cancel the post if it is not yet on LinkedIn, delete it if it is. Not yet published (queued, ' +
            'scheduled, waiting for a retry): post.cancel.requested goes out under the bus requestId → 202 ' +
            '`cancelling`; GET then shows `cancelled` (`cancelledAt`: it will never be posted), or the status it ' +
            'had with `cancelRejected` when the publisher could not cancel it (it had reached LinkedIn: ' +
            '`published` follows). Already cancelled → 200 as it is. Published: deleted from LinkedIn ' +
            '(post.delete.requested; a retried DELETE is one delete) → 202 `deleting` (or `deleted`).',
          params: [pathParam('requestId'), connectionQuery],
          ok: { status: '202', description: 'cancelling, deleting (or deleted)', schema: postStatus },
          responses: { '200': { description: 'cancelled already (nothing sent)', schema: postStatus } },
          errors: {
            '400': 'bad requestId (`invalid_request`)',
            '404': 'unknown request, or one of another tenant or connection (`not_found`)',
            '409':
              'the request failed: nothing to cancel (`post_failed`), or an ambiguous requestId ' +
              '(`ambiguous_request_id`)',
          },
          oauthScope: 'posts:write',
        }),
      },
    },
  };
}
