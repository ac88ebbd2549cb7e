import type { EventSubject, MessageInputOf } from '@li-bus/contracts';
import type { ScheduledAction } from './plan-actions.ts';

export type ActionEvent = {
  [S in EventSubject]: { subject: S; body: MessageInputOf<S> };
}['token.refresh.due' | 'token.expiring' | 'token.expired'];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The event an action is announced with. Event ids are deterministic (connection, deadline, attempt or
 * notice), so a replica that re-emits after losing its lease is dropped by JetStream's duplicate window.
 */
export function eventFor(connectionId: string, action: ScheduledAction): ActionEvent {
  switch (action.kind) {
    case 'refresh-due':
      return {
        subject: 'token.refresh.due',
        body: {
          eventId: `${connectionId}:refresh-due:${action.accessTokenExpiresAt}:${action.attempt}`,
          connectionId,
          accessTokenExpiresAt: iso(action.accessTokenExpiresAt),
          attempt: action.attempt,
        },
      };
    case 'expiring':
      return {
        subject: 'token.expiring',
        body: {
          eventId: `${connectionId}:expiring:${action.reason}:${action.expiresAt}:${action.offsetMs / 1000}`,
          connectionId,
          expiresAt: iso(action.expiresAt),
          reason: action.reason,
        },
      };
    case 'expired':
      return {
        subject: 'token.expired',
        body: {
          eventId: `${connectionId}:expired:${action.expiredAt}`,
          connectionId,
          expiredAt: iso(action.expiredAt),
        },
      };
  }
}
