/** Magic-byte checks for uploads: what LinkedIn accepts for images, documents and video parts. */

const startsWith = (bytes: Buffer, prefix: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));

interface Format {
  /** The MIME type reported in `/_emulator/media`. */
  type: string;
  matches(bytes: Buffer): boolean;
  /** Content-Type headers that agree with the bytes (besides none and `application/octet-stream`). */
  accepts(contentType: string): boolean;
}

const IMAGE_FORMATS: Format[] = [
  {
    type: 'image/jpeg',
    matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
    accepts: (t) => t === 'image/jpeg' || t === 'image/jpg',
  },
  {
    type: 'image/png',
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    accepts: (t) => t === 'image/png',
  },
  {
    type: 'image/gif',
    matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')),
    accepts: (t) => t === 'image/gif',
  },
];

const DOCUMENT_FORMATS: Format[] = [
  {
    type: 'application/pdf',
    matches: (b) => startsWith(b, ascii('%PDF-')),
    accepts: (t) => t === 'application/pdf',
  },
  {
    type: 'application/vnd.openxmlformats-officedocument',
    matches: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]),
    accepts: (t) => t.startsWith('application/vnd.openxmlformats-officedocument.'),
  },
  {
    type: 'application/x-ole-storage',
    matches: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    accepts: (t) => t === 'application/msword' || t === 'application/vnd.ms-powerpoint',
  },
];

export type ByteCheck = { ok: true; type: string } | { ok: false; message: string };

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === '' || type === 'application/octet-stream' ? undefined : type;
}

function check(bytes: Buffer, header: string | undefined, formats: Format[], what: string): ByteCheck {
  if (bytes.length === 0) return { ok: false, message: 'The uploaded file is empty' };
  const format = formats.find((f) => f.matches(bytes));
  if (!format) return { ok: false, message: `The uploaded bytes are not a supported ${what}` };
  const declared = mediaType(header);
  if (declared !== undefined && !format.accepts(declared)) {
    return { ok: false, message: `Content-Type ${declared} does not match the uploaded ${what}` };
  }
  return { ok: true, type: format.type };
}

/** JPG, PNG or GIF (reference §6). */
export const checkImageBytes = (bytes: Buffer, header: string | undefined): ByteCheck =>
  check(bytes, header, IMAGE_FORMATS, 'image (JPG, PNG or GIF)');

/** PDF, or the Office formats the Documents API also takes (PPTX/DOCX, PPT/DOC). */
export const checkDocumentBytes = (bytes: Buffer, header: string | undefined): ByteCheck =>
  check(bytes, header, DOCUMENT_FORMATS, 'document (PDF, PPT, PPTX, DOC or DOCX)');

const MP4: Format = {
  type: 'video/mp4',
  matches: (b) => startsWith(b, ascii('ftyp'), 4),
  accepts: (t) => t === 'video/mp4',
};

/** Video parts: only the first part (byte 0) carries the MP4 `ftyp` box; later parts are checked by type only. */
export function checkVideoPart(bytes: Buffer, header: string | undefined, isFirst: boolean): ByteCheck {
  if (isFirst) return check(bytes, header, [MP4], 'video (MP4)');
  const declared = mediaType(header);
  if (declared !== undefined && !MP4.accepts(declared)) {
    return { ok: false, message: `Content-Type ${declared} does not match the uploaded video (MP4)` };
  }
  return { ok: true, type: MP4.type };
}
