import { z } from 'zod';
import { MESSAGE_SCHEMAS, REQUEST_SCHEMAS, type EventSubject } from './catalog.ts';
import { EXAMPLES } from './examples.ts';
import { postFailureCode } from './post-outcomes.ts';
import { WEBHOOK_STREAM } from './webhook-delivery.ts';

interface ChannelDoc {
  id: string;
  /** Who sends it, from the point of view of an internal service integrating with the bus. */
  action: 'send' | 'receive';
  summary: string;
}

const EVENTS: Record<EventSubject, ChannelDoc> = {
  'post.requested': { id: 'postRequested', action: 'send', summary: 'Ask for a LinkedIn post (a command).' },
  'post.published': { id: 'postPublished', action: 'receive', summary: 'The post exists on LinkedIn.' },
  'post.failed': {
    id: 'postFailed',
    action: 'receive',
    summary: `The request ended without a post. Codes: ${postFailureCode.options.join(', ')}.`,
  },
  'post.update.requested': {
    id: 'postUpdateRequested',
    action: 'send',
    summary: 'Replace the text of a published post (a command). Ends in post.updated or post.failed.',
  },
  'post.updated': { id: 'postUpdated', action: 'receive', summary: 'LinkedIn accepted the new text.' },
  'post.delete.requested': {
    id: 'postDeleteRequested',
    action: 'send',
    summary: 'Delete a published post (a command). Ends in post.deleted or post.failed.',
  },
  'post.deleted': { id: 'postDeleted', action: 'receive', summary: 'The post is gone from LinkedIn.' },
  'post.cancel.requested': {
    id: 'postCancelRequested',
    action: 'send',
    summary:
      'Cancel a request not yet on LinkedIn (a command). Ends in post.cancelled or post.cancel.rejected.',
  },
  'post.cancelled': {
    id: 'postCancelled',
    action: 'receive',
    summary: 'The request was cancelled: nothing was or will be posted (its terminal event).',
  },
  'post.cancel.rejected': {
    id: 'postCancelRejected',
    action: 'receive',
    summary:
      'Nothing changed: the request already reached LinkedIn (already_published) or is unknown (not_found).',
  },
  'token.issued': { id: 'tokenIssued', action: 'receive', summary: 'A member connected (tokens sealed).' },
  'token.refreshed': { id: 'tokenRefreshed', action: 'receive', summary: 'A connection got fresh tokens.' },
  'token.refresh.due': {
    id: 'tokenRefreshDue',
    action: 'receive',
    summary: 'token-keeper asks for a refresh.',
  },
  'token.refresh.failed': { id: 'tokenRefreshFailed', action: 'receive', summary: 'A refresh failed.' },
  'token.expiring': { id: 'tokenExpiring', action: 'receive', summary: 'The member must re-consent soon.' },
  'token.expired': { id: 'tokenExpired', action: 'receive', summary: 'A connection expired.' },
  'token.revoked': { id: 'tokenRevoked', action: 'receive', summary: 'A connection was disconnected.' },
  'webhook.delivery': {
    id: 'webhookDelivery',
    action: 'receive',
    summary: 'Internal to auth-gateway: one webhook delivery job per (webhook, event). Do not publish.',
  },
  'linkedin.version.changed': {
    id: 'linkedinVersionChanged',
    action: 'receive',
    summary: 'LinkedIn refused a LinkedIn-Version (426); every replica now sends the next configured one.',
  },
};

const streamOf = (subject: string) =>
  subject.startsWith('post.')
    ? 'POSTS'
    : subject.startsWith('webhook.')
      ? WEBHOOK_STREAM.name
      : subject.startsWith('linkedin.')
        ? 'LINKEDIN'
        : 'TOKENS';

const HEADERS = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      description: 'The event id, or the command requestId: JetStream drops repeats.',
    },
    traceparent: {
      type: 'string',
      description: 'W3C trace context of the publisher, when a trace is active.',
    },
  },
  required: ['Nats-Msg-Id'],
};

function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' });
  return rest;
}

/** The AsyncAPI 3 document of the bus, generated from the contracts (`pnpm --filter @li-bus/contracts asyncapi`). */
export function buildAsyncApi(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const [subject, doc] of Object.entries(EVENTS) as [EventSubject, ChannelDoc][]) {
    messages[doc.id] = {
      name: doc.id,
      title: subject,
      summary: doc.summary,
      contentType: 'application/json',
      headers: HEADERS,
      payload: schemaOf(MESSAGE_SCHEMAS[subject]),
      examples: [{ name: 'example', payload: EXAMPLES[subject] }],
    };
    channels[doc.id] = {
      address: subject,
      description: `JetStream subject \`${subject}\` (stream ${streamOf(subject)}).`,
      messages: { [doc.id]: { $ref: `#/components/messages/${doc.id}` } },
    };
    operations[`${doc.action}${doc.id[0]?.toUpperCase()}${doc.id.slice(1)}`] = {
      action: doc.action,
      channel: { $ref: `#/channels/${doc.id}` },
      summary: doc.summary,
      messages: [{ $ref: `#/channels/${doc.id}/messages/${doc.id}` }],
    };
  }
  for (const [subject, pair] of Object.entries(REQUEST_SCHEMAS)) {
    const id = subject.replace(/\.(\w)/g, (_m, ch: string) => ch.toUpperCase());
    messages[`${id}Request`] = {
      name: `${id}Request`,
      contentType: 'application/json',
      payload: schemaOf(pair.request),
    };
    messages[`${id}Reply`] = {
      name: `${id}Reply`,
      contentType: 'application/json',
      payload: schemaOf(pair.reply),
    };
    channels[id] = {
      address: subject,
      description: `Request/reply on the NATS services API (service token-keeper). Errors: header Nats-Service-Error.`,
      messages: { [`${id}Request`]: { $ref: `#/components/messages/${id}Request` } },
    };
    channels[`${id}Reply`] = {
      address: null,
      description: 'The requester’s inbox.',
      messages: { [`${id}Reply`]: { $ref: `#/components/messages/${id}Reply` } },
    };
    operations[`request${id[0]?.toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `Internal: ask token-keeper (${subject}).`,
      messages: [{ $ref: `#/channels/${id}/messages/${id}Request` }],
      reply: {
        channel: { $ref: `#/channels/${id}Reply` },
        messages: [{ $ref: `#/channels/${id}Reply/messages/${id}Reply` }],
      },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'LinkedIn publishing bus',
      version,
      description:
        'Internal services send `post.requested` and read `post.published` / `post.failed`. Every message is JSON ' +
        'on NATS JetStream with `Nats-Msg-Id`. Within v1 only additive changes are made (see docs/integrating.md).',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:4222',
        protocol: 'nats',
        description: 'Development NATS (JetStream enabled).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
