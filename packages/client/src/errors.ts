/** The input failed the `post.requested` contract; nothing was published. `message` names every bad field. */
export class InvalidPostError extends Error {
  readonly code = 'invalid_request';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPostError';
  }
}
