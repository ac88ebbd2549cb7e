import { describe, expect, it } from 'vitest';
import { connectionIdFor } from './connection-id.ts';
import { digest } from './connect-sessions.ts';

// Ids already stored must come out the same after any change to how they are computed, or reconnecting a member
// would make a second connection. The expected values were made by the first implementation.
describe('connectionIdFor', () => {
  it('keeps the ids it has always given', () => {
    expect(connectionIdFor('tenant-a', 'mem-123')).toBe('conn_xA86wv9RjCcq1yS_klqL2A5C');
    expect(connectionIdFor('acme', 'Zé_ß-9')).toBe('conn_FbujuHyMd7Ght1x0g2ka5Tdg');
  });
});

describe('digest', () => {
  it('is the SHA-256 of the UTF-8 text, base64url, as the stored state and pending keys were made', () => {
    expect(digest('')).toBe('47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
    expect(digest('Zé')).toBe('0gBf96wnnMSoIURMmwJRVIqjGafSoKGaLfXoXilZmaY');
  });
});
