import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/**
 * AES-256-GCM sealing of tokens, bound to the connection they belong to (associated data).
 * Format: `v1.<keyId>.<iv>.<ciphertext>.<tag>`, each part base64url. The first key seals; all keys open,
 * so keys can be rotated by putting the new key first and keeping the old one until nothing uses it.
 */
export interface Keyring {
  seal(plaintext: string, connectionId: string): string;
  open(sealed: string, connectionId: string): string;
  readonly sealingKeyId: string;
}

export class SealError extends Error {
  readonly code = 'seal_invalid';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SealError';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Decodes one part, refusing anything but the canonical unpadded base64url of the right length: Node's decoder
 * skips stray characters and ignores trailing bits, so other strings would otherwise open as the same value.
 */
function strictBase64url(part: string, name: string, bytes?: number): Buffer {
  const decoded = Buffer.from(part, 'base64url');
  if (decoded.toString('base64url') !== part || (bytes !== undefined && decoded.length !== bytes)) {
    throw new SealError(`sealed value has a malformed ${name}`);
  }
  return decoded;
}

/** Parses `TOKEN_ENCRYPTION_KEYS`: `keyId:base64key,…`, each key 32 bytes. Throws naming the bad entry. */
export function parseKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const [index, entry] of spec
    .split(',')
    .map((part) => part.trim())
    .entries()) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (separator < 1 || !KEY_ID.test(id)) throw new Error(`key ${index + 1}: expected keyId:base64key`);
    if (key.length !== 32) throw new Error(`key ${id}: must be 32 bytes of base64 (got ${key.length})`);
    if (keys.has(id)) throw new Error(`key ${id}: listed twice`);
    keys.set(id, key);
  }
  return keys;
}

export function createKeyring(spec: string): Keyring {
  // Key objects made once: given raw bytes, every cipher would import the key again (4–5× the cost of opening).
  const keys = new Map<string, KeyObject>(
    [...parseKeys(spec)].map(([id, key]) => [id, createSecretKey(key)]),
  );
  const [sealingKeyId, sealingKey] = [...keys.entries()][0] ?? [];
  if (!sealingKeyId || !sealingKey) throw new Error('no key configured');

  return {
    sealingKeyId,
    seal(plaintext, connectionId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealingKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(connectionId, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
      return ['v1', sealingKeyId, ...parts].join('.');
    },
    open(sealed, connectionId) {
      const [version, keyId, iv, ciphertext, tag, ...extra] = sealed.split('.');
      if (version !== 'v1' || !keyId || !iv || !ciphertext || !tag || extra.length) {
        throw new SealError('not a v1 sealed value');
      }
      const key = keys.get(keyId);
      if (!key) throw new SealError(`unknown key id ${keyId}`);
      const ivBytes = strictBase64url(iv, 'iv', IV_BYTES);
      const tagBytes = strictBase64url(tag, 'tag', TAG_BYTES);
      const ciphertextBytes = strictBase64url(ciphertext, 'ciphertext');
      try {
        // authTagLength: without it GCM accepts a truncated tag (4 bytes would do), i.e. a forgeable one.
        const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(connectionId, 'utf8'));
        decipher.setAuthTag(tagBytes);
        const plain = Buffer.concat([decipher.update(ciphertextBytes), decipher.final()]);
        return plain.toString('utf8');
      } catch (cause) {
        throw new SealError('sealed value does not open (tampered, or sealed for another connection)', {
          cause,
        });
      }
    },
  };
}

/** A fresh `keyId:base64key` entry, for development and tests. */
export function generateKeySpec(keyId = `k${Date.now().toString(36)}`): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}
