import type { ConformanceCase } from './conformance/case.ts';
import { COMMENT_CASES } from './conformance/comment-cases.ts';
import { DOCUMENT_CASES } from './conformance/document-cases.ts';
import { HEADER_CASES } from './conformance/header-cases.ts';
import { IDENTITY_CASES } from './conformance/identity-cases.ts';
import { IMAGE_CASES } from './conformance/image-cases.ts';
import { LIMIT_CASES } from './conformance/limit-cases.ts';
import { OAUTH_CASES } from './conformance/oauth-cases.ts';
import { ORGANIZATION_CASES } from './conformance/organization-cases.ts';
import { POST_CONTENT_CASES } from './conformance/post-content-cases.ts';
import { POST_CREATE_CASES } from './conformance/post-create-cases.ts';
import { POST_READ_CASES } from './conformance/post-read-cases.ts';
import { POST_STRICT_CASES } from './conformance/post-strict-cases.ts';
import { POST_UPDATE_CASES } from './conformance/post-update-cases.ts';
import { RESTLI_CASES } from './conformance/restli-cases.ts';
import { TOKEN_CASES } from './conformance/token-cases.ts';
import { VIDEO_CASES } from './conformance/video-cases.ts';

export type { ConformanceCase } from './conformance/case.ts';

/** Every documented behaviour, one row each, in the order of reference/linkedin-api.md. */
export const CONFORMANCE_CASES: ConformanceCase[] = [
  ...OAUTH_CASES,
  ...TOKEN_CASES,
  ...IDENTITY_CASES,
  ...ORGANIZATION_CASES,
  ...HEADER_CASES,
  ...POST_CREATE_CASES,
  ...POST_CONTENT_CASES,
  ...POST_STRICT_CASES,
  ...POST_READ_CASES,
  ...POST_UPDATE_CASES,
  ...COMMENT_CASES,
  ...IMAGE_CASES,
  ...VIDEO_CASES,
  ...DOCUMENT_CASES,
  ...LIMIT_CASES,
  ...RESTLI_CASES,
];
