/** The smallest well-formed upload bodies the emulator's magic-byte checks accept. */

export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a30000000049454e44ae426082',
  'hex',
);

export const JPEG_BYTES = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

export const GIF_BYTES = Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1');

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

/** `size` bytes that start like an MP4 (`ftyp` box at offset 4) with a recognisable pattern after it. */
export function mp4Bytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + 7) & 0xff;
  Buffer.from('\u0000\u0000\u0000\u0018ftypmp42', 'latin1').copy(bytes, 0);
  return bytes;
}
