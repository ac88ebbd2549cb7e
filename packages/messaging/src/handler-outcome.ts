/**
 * What a consumer handler asks for, instead of throwing, when a message is not done but nothing failed:
 * `ack` (done; a handler returning nothing means the same), `retry` (deliver again after a short while, e.g.
 * another delivery holds the work), `defer` (not before `untilMs`: handed to the consumer's `onDefer`, which
 * parks the message elsewhere, then acked; a short wait is a plain delayed nak), `term` (end it without an
 * outcome callback: the handler has reported whatever there was to report). Thrown errors stay failures.
 */
export type HandlerOutcome =
  | { kind: 'ack' }
  | { kind: 'retry'; afterMs: number; reason: string }
  | { kind: 'defer'; untilMs: number; reason: string }
  | { kind: 'term'; reason: string };

export const handled = {
  ack: (): HandlerOutcome => ({ kind: 'ack' }),
  retry: (afterMs: number, reason: string): HandlerOutcome => ({ kind: 'retry', afterMs, reason }),
  defer: (untilMs: number, reason: string): HandlerOutcome => ({ kind: 'defer', untilMs, reason }),
  term: (reason: string): HandlerOutcome => ({ kind: 'term', reason }),
};
