// Tampered and swapped sealed values (`v1.<keyId>.<iv>.<ciphertext>.<tag>`): every variant must be refused by
// the keyring with a SealError, none may open.
import { randomBytes } from 'node:crypto';
import { SealError, type Keyring } from '@li-bus/sealing';

export type SealRegion = 'version' | 'keyId' | 'iv' | 'ciphertext' | 'tag' | 'swapped';

export interface TamperedValue {
  region: SealRegion;
  what: string;
  sealed: string;
  /** The connection id it is opened for. */
  connectionId: string;
}

function flip(part: string, index: number, bit: number): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ (1 << bit);
  return bytes.toString('base64url');
}

/**
 * Every byte of iv, ciphertext and tag with one bit flipped, truncated and extended tags, other key ids and
 * versions, stray characters, and (for `otherConnectionIds`) the untouched value opened for another connection.
 */
export function tamperedVariants(
  sealed: string,
  connectionId: string,
  options: { otherKeyIds: string[]; otherConnectionIds: string[] },
): TamperedValue[] {
  const parts = sealed.split('.');
  const [, keyId = '', iv = '', ciphertext = '', tag = ''] = parts;
  const join = (index: number, value: string) =>
    parts.map((part, i) => (i === index ? value : part)).join('.');
  const out: TamperedValue[] = [];
  const add = (region: SealRegion, what: string, value: string, forId = connectionId) =>
    out.push({ region, what, sealed: value, connectionId: forId });

  for (const [index, name, value] of [
    [2, 'iv', iv],
    [3, 'ciphertext', ciphertext],
    [4, 'tag', tag],
  ] as const) {
    const length = Buffer.from(value, 'base64url').length;
    for (let byte = 0; byte < length; byte++) {
      add(name, `byte ${byte} bit ${byte % 8} flipped`, join(index, flip(value, byte, byte % 8)));
    }
    add(name, 'one stray character appended', join(index, `${value}!`));
  }
  for (const bytes of [4, 8, 12, 15]) {
    add(
      'tag',
      `truncated to ${bytes} bytes`,
      join(4, Buffer.from(tag, 'base64url').subarray(0, bytes).toString('base64url')),
    );
  }
  add(
    'tag',
    'extended by one byte',
    join(4, Buffer.concat([Buffer.from(tag, 'base64url'), Buffer.of(0)]).toString('base64url')),
  );
  add(
    'ciphertext',
    'replaced with random bytes',
    join(3, randomBytes(Buffer.from(ciphertext, 'base64url').length).toString('base64url')),
  );
  add(
    'ciphertext',
    'one byte cut off',
    join(3, Buffer.from(ciphertext, 'base64url').subarray(1).toString('base64url')),
  );
  for (const other of options.otherKeyIds)
    add('keyId', `key id ${other} instead of ${keyId}`, join(1, other));
  add('keyId', 'unknown key id', join(1, `${keyId}x`));
  add('version', 'v2 instead of v1', join(0, 'v2'));
  for (const other of options.otherConnectionIds)
    add('swapped', 'opened for another connection', sealed, other);
  return out;
}

export interface OpenAttempts {
  attempts: number;
  opened: number;
  /** Refused, but not with a SealError (a crash or an unclear error). */
  unclear: number;
  byRegion: Record<string, number>;
  /** The first few opened or unclear variants, for the report. */
  examples: string[];
}

/** Tries to open every variant with the system's keyring. */
export function tryOpenAll(keyring: Keyring, variants: readonly TamperedValue[]): OpenAttempts {
  const result: OpenAttempts = { attempts: 0, opened: 0, unclear: 0, byRegion: {}, examples: [] };
  for (const variant of variants) {
    result.attempts++;
    result.byRegion[variant.region] = (result.byRegion[variant.region] ?? 0) + 1;
    try {
      keyring.open(variant.sealed, variant.connectionId);
      result.opened++;
      if (result.examples.length < 5) result.examples.push(`opened: ${variant.region} ${variant.what}`);
    } catch (error) {
      if (!(error instanceof SealError)) {
        result.unclear++;
        if (result.examples.length < 5)
          result.examples.push(`unclear: ${variant.region} ${variant.what}: ${String(error)}`);
      }
    }
  }
  return result;
}
