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
});
