import type { FastifyRequest } from 'fastify';
import { postRequested } from '@li-bus/contracts';
import type { HttpApp } from '@li-bus/service-kit';
import { authenticateCaller, callerOf } from '../http/caller.ts';
import {
  postEditBody,
  postStatusQuery,
  requestParams,
  UPLOAD_MAX_BASE64_LENGTH,
  uploadBody,
} from '../http/api-schemas.ts';
import { acceptPost } from './accept-post.ts';
import { cancelPost } from './cancel-post.ts';
import { requestDelete, requestEdit } from './change-post.ts';
import type { PostsDeps } from './posts-deps.ts';
import { readPostStatus } from './read-post-status.ts';
import { uploadMedia } from './upload-media.ts';
import { parse } from '../http/parse.ts';

/**
 * `POST /v1/posts`: validates with the contract (https media only), checks the caller (an API key for the
 * connection's tenant, or an OAuth token bound to the connection with `posts:write`), records the request as
 * queued and publishes `post.requested` under the bus requestId of (tenant, connection, requestId) → 202.
 * `GET /v1/posts/:requestId[?connectionId=]`: queued / published (URN, URL) / failed (code) for the caller's
 * own requests; a requestId of another tenant or connection is unknown.
 * `PATCH /v1/posts/:requestId {text}` / `DELETE /v1/posts/:requestId[?connectionId=]`: edit or delete the
 * caller's own published post (see `change-post.ts`) → 202 `updating` / `deleting`. `DELETE` of a request not
 * yet on LinkedIn cancels it (see `cancel-post.ts`) → 202 `cancelling`, or 200 `cancelled` when it already is.
 * `POST /v1/media {fileName, contentType, base64, tenantId?}`: stores a file for a later post (`upload-media.ts`)
 * → 201 with the URL `media[].url` takes.
 */
export function registerPosts(app: HttpApp, deps: PostsDeps): void {
  const authenticate = async (request: FastifyRequest) =>
    void (await authenticateCaller(request, deps, 'api'));

  app.post('/v1/posts', { onRequest: authenticate }, async (request, reply) => {
    const command = parse(postRequested, request.body);
    return reply.code(202).send(await acceptPost(deps, callerOf(request), command));
  });

  // Its own body limit: a file of up to UPLOAD_MAX_BYTES, base64, and its few other fields.
  const uploadLimit = UPLOAD_MAX_BASE64_LENGTH + 16 * 1024;
  app.post('/v1/media', { onRequest: authenticate, bodyLimit: uploadLimit }, async (request, reply) => {
    const upload = parse(uploadBody, request.body);
    return reply.code(201).send(await uploadMedia(deps, callerOf(request), upload));
  });

  app.get('/v1/posts/:requestId', { onRequest: authenticate }, async (request) => {
    const { requestId } = parse(requestParams, request.params);
    const { connectionId } = parse(postStatusQuery, request.query);
    return readPostStatus(deps, callerOf(request), requestId, connectionId);
  });

  app.patch('/v1/posts/:requestId', { onRequest: authenticate }, async (request, reply) => {
    const { requestId } = parse(requestParams, request.params);
    const { connectionId } = parse(postStatusQuery, request.query);
    const { text } = parse(postEditBody, request.body);
    const ref = { requestId, ...(connectionId ? { connectionId } : {}) };
    return reply.code(202).send(await requestEdit(deps, callerOf(request), ref, text));
  });

  app.delete('/v1/posts/:requestId', { onRequest: authenticate }, async (request, reply) => {
    const { requestId } = parse(requestParams, request.params);
    const { connectionId } = parse(postStatusQuery, request.query);
    const ref = { requestId, ...(connectionId ? { connectionId } : {}) };
    const caller = callerOf(request);
    const cancel = await cancelPost(deps, caller, ref);
    if (cancel.outcome === 'published') return reply.code(202).send(await requestDelete(deps, caller, ref));
    return reply.code(cancel.outcome === 'cancelled' ? 200 : 202).send(cancel.post);
  });
}
