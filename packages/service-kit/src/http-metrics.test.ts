import { describe, expect, it } from 'vitest';
import { pathTemplate } from './http-metrics.ts';

describe('pathTemplate', () => {
  it('folds ids out of LinkedIn paths', () => {
    expect(pathTemplate('/rest/posts/urn%3Ali%3Ashare%3A7141138937766391808')).toBe('/rest/posts/:id');
    expect(pathTemplate('/rest/organizations/12345678?x=1')).toBe('/rest/organizations/:id');
    expect(pathTemplate('/dms-uploads/AbCdEfGhIjKlMnOpQrStUvWx/part/0')).toBe('/dms-uploads/:id/part/:id');
    expect(pathTemplate('/rest/images')).toBe('/rest/images');
  });
});
