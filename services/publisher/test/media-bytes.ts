import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Random bytes behind a real magic number, so the emulator accepts them as the type. */
export function png(size = 2048): Buffer {
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(size)]);
}

export function jpeg(size = 2048): Buffer {
  return Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), randomBytes(size)]);
}

export function pdf(size = 4096): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size)]);
}

/** An MP4-looking file: the `ftyp` box at offset 4, then random bytes. */
export function mp4(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.writeUInt32BE(24, 0);
  bytes.write('ftypisom', 4, 'latin1');
  return bytes;
}
