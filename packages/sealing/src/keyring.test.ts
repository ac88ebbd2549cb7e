import { describe, expect, it } from 'vitest';
import { createKeyring, generateKeySpec, SealError } from './keyring.ts';

const token = 'AQX-secret-access-token-' + 'x'.repeat(500);

describe('keyring', () => {
  it('seals into the v1 format without the plaintext and opens it again', () => {
    const keyring = createKeyring(generateKeySpec('a'));
    const sealed = keyring.seal(token, 'conn1');
    expect(sealed).toMatch(/^v1\.a\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('secret');
    expect(keyring.open(sealed, 'conn1')).toBe(token);
  });

  it('uses a fresh IV every time', () => {
    const keyring = createKeyring(generateKeySpec('a'));
    expect(keyring.seal(token, 'c')).not.toBe(keyring.seal(token, 'c'));
  });

  it('refuses a tampered ciphertext, tag or iv', () => {
    const keyring = createKeyring(generateKeySpec('a'));
    const parts = keyring.seal(token, 'conn1').split('.');
    for (const index of [2, 3, 4]) {
      const copy = [...parts];
      const part = copy[index] ?? '';
      copy[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
      expect(() => keyring.open(copy.join('.'), 'conn1')).toThrow(SealError);
    }
  });

  it('refuses a value sealed for another connection', () => {
    const keyring = createKeyring(generateKeySpec('a'));
    expect(() => keyring.open(keyring.seal(token, 'conn1'), 'conn2')).toThrow(/another connection/);
  });

  it('rotates: the new first key seals, the old key still opens old values, unknown keys are refused', () => {
    const oldSpec = generateKeySpec('old');
    const newSpec = generateKeySpec('new');
    const before = createKeyring(oldSpec).seal(token, 'c');
    const rotated = createKeyring(`${newSpec},${oldSpec}`);
    expect(rotated.open(before, 'c')).toBe(token);
    expect(rotated.seal(token, 'c').split('.')[1]).toBe('new');
    expect(() => createKeyring(newSpec).open(before, 'c')).toThrow(/unknown key id old/);
  });

  it('rejects malformed key specs naming the entry', () => {
    expect(() => createKeyring('a:short')).toThrow(/key a: must be 32 bytes/);
    expect(() => createKeyring('nocolon')).toThrow(/key 1/);
    const spec = generateKeySpec('a');
    expect(() => createKeyring(`${spec},${spec}`)).toThrow(/listed twice/);
  });

  it('rejects values that are not v1 sealed', () => {
    const keyring = createKeyring(generateKeySpec('a'));
    expect(() => keyring.open('plain-token', 'c')).toThrow(/not a v1 sealed value/);
  });
});

describe('keyring refuses forged encodings', () => {
  const keyring = createKeyring(generateKeySpec('a'));
  const sealed = keyring.seal(token, 'conn1');
  const [version, keyId, iv, ciphertext, tag] = sealed.split('.') as [string, string, string, string, string];

  it.each([15, 12, 8, 4])('refuses a tag truncated to %i bytes (GCM would accept it)', (bytes) => {
    const short = Buffer.from(tag, 'base64url').subarray(0, bytes).toString('base64url');
    expect(() => keyring.open([version, keyId, iv, ciphertext, short].join('.'), 'conn1')).toThrow(
      /malformed tag/,
    );
  });

  it('refuses non-canonical base64url that decodes to the same bytes', () => {
    // The last character of the 22-character tag carries 2 bits plus 4 unused bits.
    const last = tag.at(-1) ?? 'A';
    const sameBytes = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].find(
      (c) =>
        c !== last && Buffer.from(tag.slice(0, -1) + c, 'base64url').equals(Buffer.from(tag, 'base64url')),
    );
    expect(sameBytes).toBeDefined();
    const forged = [version, keyId, iv, ciphertext, tag.slice(0, -1) + String(sameBytes)].join('.');
    expect(() => keyring.open(forged, 'conn1')).toThrow(SealError);
  });

  it.each(['=', '!', ' ', '%'])('refuses stray %j characters inside a part', (junk) => {
    expect(() => keyring.open(`${sealed}${junk}`, 'conn1')).toThrow(SealError);
    expect(() => keyring.open([version, keyId, `${iv}${junk}`, ciphertext, tag].join('.'), 'conn1')).toThrow(
      SealError,
    );
  });
});
