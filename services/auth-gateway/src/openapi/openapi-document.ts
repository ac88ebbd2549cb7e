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
              'fails the post.requested contract, or a `nats-object://` media URL (NATS callers only) ' +
              '(`invalid_request`)',
            '404': '`connection_not_found`',
            '413': 'body over 64 KiB',
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
            description: 'queued, published, failed, updating, updated, deleting or deleted',
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
            "Delete the caller's own published post from LinkedIn (post.delete.requested; a retried DELETE is " +
            'one delete). Cancelling a post not yet published comes with scheduling.',
          params: [pathParam('requestId'), connectionQuery],
          ok: { status: '202', description: 'deleting (or deleted)', schema: postStatus },
          errors: {
            '404': 'unknown request, or one of another tenant or connection (`not_found`)',
            '409': 'not published yet (`not_published`), or an ambiguous requestId (`ambiguous_request_id`)',
          },
          oauthScope: 'posts:write',
        }),
      },
    },
  };
}
