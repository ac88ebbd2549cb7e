import { describe, expect, it } from 'vitest';
import { postRequested } from './post-requested.ts';
import { describeIssues } from './validation-message.ts';

const base = { requestId: 'r-1', connectionId: 'conn_abc', text: 'hello' };

function problems(body: unknown): string {
  const result = postRequested.safeParse(body);
  return result.success ? '' : describeIssues(result.error);
}

describe('post.requested contract', () => {
  it('accepts a minimal text post and defaults visibility', () => {
    expect(postRequested.parse(base).visibility).toBe('PUBLIC');
  });

  it('names every bad field', () => {
    const message = problems({ requestId: 'has space', text: 'x' });
    expect(message).toContain('requestId:');
    expect(message).toContain('connectionId:');
  });

  it('requires text unless media or article is given', () => {
    expect(problems({ requestId: 'r', connectionId: 'c' })).toMatch(/^text: is required/);
    const article = { url: 'https://example.com/a', title: 'A' };
    expect(problems({ requestId: 'r', connectionId: 'c', article })).toBe('');
  });

  it('requires an article title (LinkedIn does not scrape the URL and refuses an article without one)', () => {
    expect(problems({ ...base, article: { url: 'https://example.com/a' } })).toMatch(/^article\.title:/);
    expect(problems({ ...base, article: { url: 'https://example.com/a', title: '' } })).toMatch(
      /^article\.title:/,
    );
  });

  it('counts the 3000-character limit after escaping', () => {
    expect(problems({ ...base, text: 'a'.repeat(3000) })).toBe('');
    expect(problems({ ...base, text: '('.repeat(1501) })).toMatch(
      /text: must be at most 3000 characters after escaping/,
    );
  });

  it('checks media combinations and URLs', () => {
    const image = { type: 'image', url: 'https://example.com/a.png' };
    expect(problems({ ...base, media: Array(20).fill(image) })).toBe('');
    expect(problems({ ...base, media: Array(21).fill(image) })).toMatch(/^media:/);
    expect(
      problems({ ...base, media: [image, { type: 'video', url: 'https://example.com/v.mp4' }] }),
    ).toMatch(/one video/);
    expect(problems({ ...base, media: [{ type: 'image', url: 'http://example.com/a.png' }] })).toMatch(
      /media\.0\.url/,
    );
    expect(problems({ ...base, media: [{ type: 'document', url: 'nats-object://media/report.pdf' }] })).toBe(
      '',
    );
  });

  it('refuses unknown fields, bad authors and CONNECTIONS for pages', () => {
    expect(problems({ ...base, extra: 1 })).toMatch(/extra/);
    expect(problems({ ...base, author: 'urn:li:company:1' })).toMatch(/^author:/);
    expect(problems({ ...base, author: 'urn:li:organization:1', visibility: 'CONNECTIONS' })).toMatch(
      /^visibility:/,
    );
  });

  it('takes a poll (2-4 options, limits from the issue) but not with media or article', () => {
    const poll = { question: 'Which day?', options: ['Mon', 'Fri'], duration: 'THREE_DAYS' };
    expect(problems({ requestId: 'r', connectionId: 'c', poll })).toBe('');
    expect(problems({ ...base, poll: { ...poll, options: ['only'] } })).toMatch(/^poll\.options:/);
    expect(problems({ ...base, poll: { ...poll, options: ['a', 'b', 'c', 'd', 'e'] } })).toMatch(
      /^poll\.options:/,
    );
    expect(problems({ ...base, poll: { ...poll, question: 'q'.repeat(141) } })).toMatch(/^poll\.question:/);
    expect(problems({ ...base, poll: { ...poll, options: ['a', 'o'.repeat(31)] } })).toMatch(
      /^poll\.options\.1:/,
    );
    expect(problems({ ...base, poll: { ...poll, duration: 'TWO_DAYS' } })).toMatch(/^poll\.duration:/);
    const article = { url: 'https://example.com/a', title: 'A' };
    expect(problems({ ...base, poll, article })).toMatch(/^poll: cannot be combined/);
    expect(problems({ ...base, poll, media: [{ type: 'image', url: 'https://example.com/i.png' }] })).toMatch(
      /^poll: cannot be combined/,
    );
  });

  it('takes a reshare with or without text, of a post URN, and nothing else as content', () => {
    expect(problems({ requestId: 'r', connectionId: 'c', reshareOf: 'urn:li:share:123' })).toBe('');
    expect(problems({ ...base, reshareOf: 'urn:li:ugcPost:9' })).toBe('');
    expect(problems({ ...base, reshareOf: 'urn:li:comment:1' })).toMatch(/^reshareOf:/);
    const poll = { question: 'Q', options: ['a', 'b'], duration: 'ONE_DAY' };
    expect(problems({ ...base, reshareOf: 'urn:li:share:1', poll })).toMatch(
      /^reshareOf: cannot be combined/,
    );
  });

  it('takes a first comment of plain text up to 3000 characters', () => {
    expect(problems({ ...base, firstComment: { text: 'Link: https://example.com (details)' } })).toBe('');
    expect(problems({ ...base, firstComment: { text: '' } })).toMatch(/^firstComment\.text:/);
    expect(problems({ ...base, firstComment: { text: 'x'.repeat(3001) } })).toMatch(/^firstComment\.text:/);
    expect(problems({ ...base, firstComment: { text: 'x', extra: 1 } })).toMatch(/extra/);
  });
});
