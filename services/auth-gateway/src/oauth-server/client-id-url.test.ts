import { describe, expect, it } from 'vitest';
import { checkClientIdUrl, isClientIdUrl } from './client-id-url.ts';
import { maxAgeOf } from './client-metadata-document.ts';

const why = (clientId: string, insecure: string[] = []) => {
  try {
    checkClientIdUrl(clientId, insecure);
    return 'accepted';
  } catch (error) {
    return (error as Error).message.replace(/^.*URL: /, '');
  }
};

describe('client_id URLs (the draft rules, checked on the string as sent)', () => {
  it('tells URL ids from registered ones', () => {
    expect(isClientIdUrl('https://app.example/client.json')).toBe(true);
    expect(isClientIdUrl('lbc_abc')).toBe(false);
  });

  it.each([
    ['https://app.example/client.json', 'accepted'],
    ['https://app.example/a/client?v=1', 'accepted'],
    ['http://app.example/client.json', 'it must be https'],
    ['https://app.example', 'it has no path'],
    ['https://app.example/', 'it has no path'],
    ['https://app.example/client.json#x', 'it has a fragment'],
    ['https://user:pw@app.example/client.json', 'it has credentials'],
    ['https://app.example/a/../client.json', 'it has a dot segment'],
    ['https://app.example/./client.json', 'it has a dot segment'],
    ['https://app.example/a/%2E%2e/client.json', 'it has a dot segment'],
    [`https://app.example/${'a'.repeat(600)}`, 'longer than 512 characters'],
  ])('%s: %s', (clientId, expected) => {
    expect(why(clientId)).toBe(expected);
  });

  it('a listed host:port may be named http:// or https:// and is fetched over plain HTTP', () => {
    expect(checkClientIdUrl('https://127.0.0.1:9000/c.json', ['127.0.0.1:9000']).protocol).toBe('http:');
    expect(checkClientIdUrl('http://127.0.0.1:9000/c.json', ['127.0.0.1:9000']).protocol).toBe('http:');
    expect(why('http://127.0.0.1:9001/c.json', ['127.0.0.1:9000'])).toBe('it must be https');
  });
});

describe('Cache-Control', () => {
  it.each([
    ['public, max-age=120', 120],
    ['max-age="60", must-revalidate', 60],
    ['no-store', 0],
    ['private, no-cache', 0],
    [undefined, undefined],
  ])('%s → %s', (header, seconds) => {
    expect(maxAgeOf(header)).toBe(seconds);
  });
});
