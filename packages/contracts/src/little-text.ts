/**
 * LinkedIn's "little" text format: every reserved character must be backslash-escaped or LinkedIn silently
 * truncates the commentary at it. Well-formed hashtags (`#word`) and mentions (`@[Name](urn:li:…)`) are kept.
 */
export const RESERVED_CHARACTERS = '|{}@[]()<>#\\*_~';
const RESERVED = new Set(RESERVED_CHARACTERS);

const MENTION = /@\[[^\]\n]{1,200}\]\(urn:li:(?:person|organization):[A-Za-z0-9_-]+\)/uy;
const HASHTAG = /#[\p{L}\p{N}_]+/uy;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

export function escapeLittleText(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    MENTION.lastIndex = i;
    const mention = MENTION.exec(text);
    if (mention) {
      out += mention[0];
      i += mention[0].length;
      continue;
    }
    const previous = i > 0 ? text[i - 1] : undefined;
    HASHTAG.lastIndex = i;
    const hashtag = previous === undefined || !WORD_CHAR.test(previous) ? HASHTAG.exec(text) : null;
    if (hashtag) {
      out += hashtag[0];
      i += hashtag[0].length;
      continue;
    }
    const ch = text[i] ?? '';
    out += RESERVED.has(ch) ? `\\${ch}` : ch;
    i += 1;
  }
  return out;
}

/** LinkedIn's documented maximum for post commentary, counted after escaping. */
export const MAX_COMMENTARY_LENGTH = 3000;
