/**
 * The oldest nats-server the tests may run on: the services refuse anything older (`@li-bus/messaging`'s
 * `MIN_NATS_SERVER_VERSION`; a messaging test keeps the two equal, since the testkit cannot depend on messaging).
 */
export const MIN_NATS_SERVER_VERSION = '2.12';

/** True when `version` (`2.15.1`, `v2.15.1`, `2.12.0-RC.1`) is `minimum` or newer; an unreadable one is not. */
export function natsVersionAtLeast(version: string, minimum: string = MIN_NATS_SERVER_VERSION): boolean {
  const parts = (text: string) =>
    /^v?(\d+)\.(\d+)(?:\.(\d+))?/
      .exec(text.trim())
      ?.slice(1)
      .map((part) => Number(part ?? 0));
  const found = parts(version);
  const wanted = parts(minimum);
  if (!found || !wanted) return false;
  for (let i = 0; i < 3; i += 1) {
    const [a = 0, b = 0] = [found[i], wanted[i]];
    if (a !== b) return a > b;
  }
  return true;
}

/** A nats-server (a binary or one answering at a URL) older than the tests and services need. */
export class NatsServerTooOldError extends Error {
  readonly code = 'nats_server_too_old';
  constructor(message: string) {
    super(message);
    this.name = 'NatsServerTooOldError';
  }
}
