import { describe, expect, it } from 'vitest';
import { escapeLittleText, RESERVED_CHARACTERS } from './little-text.ts';

describe('escapeLittleText', () => {
  it('escapes every reserved character', () => {
    for (const ch of RESERVED_CHARACTERS) expect(escapeLittleText(`a ${ch} b`)).toBe(`a \\${ch} b`);
  });

  it('escapes the issue example and keeps the hashtag', () => {
    expect(escapeLittleText('Launch (beta) today_now *big* #news')).toBe(
      'Launch \\(beta\\) today\\_now \\*big\\* #news',
    );
  });

  it('keeps hashtags with underscores, but not a # glued to a word', () => {
    expect(escapeLittleText('#like_this and C# and #Ünïcode9')).toBe('#like_this and C\\# and #Ünïcode9');
  });

  it('keeps well-formed mentions and escapes broken ones', () => {
    expect(escapeLittleText('Hi @[Acme Corp](urn:li:organization:123)!')).toBe(
      'Hi @[Acme Corp](urn:li:organization:123)!',
    );
    expect(escapeLittleText('@[Jo](urn:li:person:a1B2_c-3)')).toBe('@[Jo](urn:li:person:a1B2_c-3)');
    expect(escapeLittleText('@[Acme](https://acme.test)')).toBe('\\@\\[Acme\\]\\(https://acme.test\\)');
    expect(escapeLittleText('mail me @ home')).toBe('mail me \\@ home');
  });

  it('leaves plain text, newlines and emoji alone', () => {
    const text = 'Plain text.\nSecond line 🚀 – “quotes” 100% $5';
    expect(escapeLittleText(text)).toBe(text);
  });

  it('escapes a lone backslash so it cannot escape what follows', () => {
    expect(escapeLittleText('C:\\path')).toBe('C:\\\\path');
  });
});
