import type { Readable } from 'node:stream';

/** Reads a stream in consecutive slices of exact sizes, holding at most one slice (plus one chunk). */
export function createSliceReader(stream: Readable) {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  return {
    async read(length: number): Promise<Buffer> {
      while (pendingBytes < length) {
        const next = await iterator.next();
        if (next.done) throw new Error(`the source ended ${length - pendingBytes} bytes short`);
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        pending.push(chunk);
        pendingBytes += chunk.length;
      }
      const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
      const slice = all.subarray(0, length);
      const rest = all.subarray(length);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      return slice;
    },
    /** True when nothing is left after the slices read so far. */
    async atEnd(): Promise<boolean> {
      if (pendingBytes > 0) return false;
      const next = await iterator.next();
      if (next.done) return true;
      pending = [Buffer.from(next.value)];
      pendingBytes = pending[0]?.length ?? 0;
      return pendingBytes === 0 ? this.atEnd() : false;
    },
  };
}
