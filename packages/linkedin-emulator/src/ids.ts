import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)] ?? '';
  return out;
}

function randomDigits(length: number): string {
  return randomString('0123456789', length);
}

/** An opaque, app-scoped member id like LinkedIn's `782bbtaQ`. */
export function newMemberSub(): string {
  return randomString(ALPHANUMERIC, 10);
}

export function newOrganizationId(): string {
  return `${randomInt(1, 10)}${randomDigits(7)}`;
}

/** `urn:li:share:` ids are 19 digits on today's LinkedIn (e.g. 7141138937766391808). */
export function newShareUrn(): string {
  return `urn:li:share:7${randomDigits(18)}`;
}

/** Comment ids are 19 digits like share ids; the URN is `urn:li:comment:(<post urn>,<id>)`. */
export function newCommentId(): string {
  return `7${randomDigits(18)}`;
}

/** Long opaque strings starting with `AQ`, like LinkedIn's codes and tokens. */
export function newAuthorizationCode(): string {
  return `AQ${randomBytes(120).toString('base64url')}`;
}

/** About 500 characters; LinkedIn asks clients to allow at least 1000. */
export function newAccessToken(): string {
  return `AQ${randomBytes(372).toString('base64url')}`;
}

export function newRefreshToken(): string {
  return `AQ${randomBytes(300).toString('base64url')}`;
}

const URN_ID_ALPHABET = `${ALPHANUMERIC}-_`;
const MEDIA_PREFIX = { image: 'C4E10AQ', video: 'C5505AQ', document: 'D4D10AQ' } as const;

/** `urn:li:image:C4E10AQFoyyAjHPMQuQ`-style ids (video `C5505AQ…`, document `D4D10AQ…`). */
export function newMediaUrn(kind: keyof typeof MEDIA_PREFIX): string {
  return `urn:li:${kind}:${MEDIA_PREFIX[kind]}${randomString(URN_ID_ALPHABET, 12)}`;
}

/** The unguessable part of a `/dms-uploads/…` URL. */
export function newUploadKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Video part ETags: opaque, unquoted strings. */
export function newPartEtag(): string {
  return `/ambry-video/signedId/${randomBytes(30).toString('base64url')}`;
}
