import { describe, expect, it } from 'vitest';
import { truncateLittleText } from './little-text.ts';

describe('truncateLittleText', () => {
  it.each([
    ['plain text stays', 'Hello world, all good!', 'Hello world, all good!'],
    ['cuts at the first unescaped parenthesis', 'Launch (beta) today', 'Launch '],
    [
      'keeps backslash-escaped reserved characters',
      'Launch \\(beta\\) \\*now\\* a\\_b \\\\ x',
      'Launch \\(beta\\) \\*now\\* a\\_b \\\\ x',
    ],
    ['keeps hashtags', 'Shipping #release_day and #v2 today', 'Shipping #release_day and #v2 today'],
    ['keeps hashtag templates', 'Hi {hashtag|\\#|launch} there', 'Hi {hashtag|\\#|launch} there'],
    [
      'keeps person mentions',
      'Thanks @[Ada Lovelace](urn:li:person:782bbtaQ)!',
      'Thanks @[Ada Lovelace](urn:li:person:782bbtaQ)!',
    ],
    [
      'keeps organization mentions',
      'By @[Acme Inc](urn:li:organization:123).',
      'By @[Acme Inc](urn:li:organization:123).',
    ],
    ['cuts at a bare @', 'mail me @ home', 'mail me '],
    ['cuts at a malformed mention', 'hi @[Acme](urn:li:company:1)', 'hi '],
    ['cuts at a lone #', 'number # one', 'number '],
    ['cuts at a # glued to a word', 'C#sharp', 'C'],
    ['cuts at an underscore', 'snake_case', 'snake'],
    ['cuts at a backslash before a normal character', 'C:\\Users', 'C:'],
    ['cuts at a trailing backslash', 'end\\', 'end'],
    ['cuts at angle brackets', 'a <b> c', 'a '],
    ['cuts at pipes and tildes', 'x | y', 'x '],
  ])('%s', (_name, input, stored) => {
    expect(truncateLittleText(input)).toBe(stored);
  });
});
