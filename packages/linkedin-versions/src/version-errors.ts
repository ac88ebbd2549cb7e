/** Every configured `LinkedIn-Version` is refused by LinkedIn: nothing versioned can be called. */
export class LinkedInVersionUnsupportedError extends Error {
  readonly code = 'linkedin_version_unsupported';
  readonly versions: readonly string[];
  constructor(versions: readonly string[], options: { cause?: unknown } = {}) {
    super(
      `LinkedIn refuses every configured LINKEDIN_VERSION (${versions.join(', ')}): add a newer active version`,
      options,
    );
    this.name = 'LinkedInVersionUnsupportedError';
    this.versions = versions;
  }
}
