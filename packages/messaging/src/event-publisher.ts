import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  MESSAGE_SCHEMAS,
  SUBJECTS,
  type EventSubject,
  type MessageInputOf,
  type MessageOf,
} from '@li-bus/contracts';
import { injectTraceContext } from './trace-headers.ts';
import { idAttributes, inMessagingSpan, SpanKind } from './tracing.ts';

export interface PublishResult {
  seq: number;
  /** True when the server dropped the message as a repeat of the same `Nats-Msg-Id`. */
  duplicate: boolean;
}

export interface EventPublisher {
  /** Validates `body` against the subject's contract and publishes it with `Nats-Msg-Id` and `traceparent`. */
  publish<S extends EventSubject>(subject: S, body: MessageInputOf<S>): Promise<PublishResult>;
}

/**
 * The message id a body is published under: the event's id, or a command's `requestId`. A cancel names the
 * request it cancels, whose `post.requested` already holds that id in the stream's duplicate window: it goes
 * out as `<requestId>:cancel`, or the server would drop it as a repeat of the request.
 */
export function messageIdOf(body: { eventId?: string; requestId?: string }, subject?: string): string {
  const id = body.eventId ?? body.requestId;
  if (!id) throw new Error('a message needs an eventId or a requestId');
  return subject === SUBJECTS.postCancelRequested ? `${id}:cancel` : id;
}

export function createEventPublisher(
  nc: NatsConnection,
  options: { timeoutMs?: number } = {},
): EventPublisher {
  const js = jetstream(nc, { timeout: options.timeoutMs ?? 5000 });
  return {
    async publish(subject, body) {
      const parsed = MESSAGE_SCHEMAS[subject].parse(body) as MessageOf<typeof subject>;
      const msgID = messageIdOf(parsed, subject);
      const attributes = {
        'messaging.destination.name': subject,
        'messaging.message.id': msgID,
        ...idAttributes(parsed),
      };
      return inMessagingSpan(`${subject} publish`, SpanKind.PRODUCER, attributes, async () => {
        const h = headers();
        injectTraceContext(h);
        const ack = await js.publish(subject, JSON.stringify(parsed), { msgID, headers: h });
        return { seq: ack.seq, duplicate: ack.duplicate };
      });
    },
  };
}
