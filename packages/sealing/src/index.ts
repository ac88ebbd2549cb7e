export { createKeyring, generateKeySpec, parseKeys, SealError } from './keyring.ts';
export type { Keyring } from './keyring.ts';
