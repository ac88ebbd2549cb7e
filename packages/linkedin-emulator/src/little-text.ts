/**
 * LinkedIn's "little" text format as the emulator reads it (reference §5.4). LinkedIn answers 201 but silently
 * cuts the commentary at the first unescaped reserved character. Kept intact: backslash escapes of reserved
 * characters, well-formed mentions `@[Name](urn:li:person:…|urn:li:organization:…)`, hashtags `#word` (not
 * glued to a preceding word character) and the hashtag template `{hashtag|\#|word}`.
 */
export const RESERVED = new Set('|{}@[]()<>#\\*_~');

const MENTION = /@\[[^\][\n]{1,200}\]\(urn:li:(?:person:[A-Za-z0-9_-]+|organization:\d+)\)/uy;
const HASHTAG = /#[\p{L}\p{N}_]+/uy;
const HASHTAG_TEMPLATE = /\{hashtag\|\\#\|[\p{L}\p{N}_]+\}/uy;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function matchAt(pattern: RegExp, text: string, index: number): number {
  pattern.lastIndex = index;
  const match = pattern.exec(text);
  return match ? match[0].length : 0;
}

/** The commentary as LinkedIn would store it. */
export function truncateLittleText(text: string): string {
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (!RESERVED.has(ch)) {
      i += 1;
      continue;
    }
    if (ch === '\\') {
      if (RESERVED.has(text[i + 1] ?? '')) {
        i += 2;
        continue;
      }
      return text.slice(0, i);
    }
    const previous = text[i - 1];
    const kept =
      (ch === '@' ? matchAt(MENTION, text, i) : 0) ||
      (ch === '{' ? matchAt(HASHTAG_TEMPLATE, text, i) : 0) ||
      (ch === '#' && (previous === undefined || !WORD_CHAR.test(previous)) ? matchAt(HASHTAG, text, i) : 0);
    if (kept === 0) return text.slice(0, i);
    i += kept;
  }
  return text;
}

/**
 * Stored commentary as GET returns it: hashtags in template form (`#word` → `{hashtag|\#|word}`, reference
 * §5.4). The text is already truncated, so every reserved character left is escaped or part of an element.
 */
export function hashtagsAsTemplates(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const previous = text[i - 1];
    const kept =
      (ch === '\\' ? 2 : 0) ||
      (ch === '@' ? matchAt(MENTION, text, i) : 0) ||
      (ch === '{' ? matchAt(HASHTAG_TEMPLATE, text, i) : 0);
    if (kept > 0) {
      out += text.slice(i, i + kept);
      i += kept;
      continue;
    }
    const hashtag =
      ch === '#' && (previous === undefined || !WORD_CHAR.test(previous)) ? matchAt(HASHTAG, text, i) : 0;
    if (hashtag > 0) {
      out += `{hashtag|\\#|${text.slice(i + 1, i + hashtag)}}`;
      i += hashtag;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}
