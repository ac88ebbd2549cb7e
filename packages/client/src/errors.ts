/**
 * The input failed its contract (`post.requested`, `post.update.requested`, `post.delete.requested`,
 * `post.cancel.requested`); nothing was published. `message` names every bad field.
 */
export class InvalidPostError extends Error {
  readonly code = 'invalid_request';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPostError';
  }
}
