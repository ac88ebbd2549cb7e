import type { Member } from './directory.ts';
import type { IssuedToken } from './grants.ts';
import {
  emptyAccessToken,
  expiredAccessToken,
  invalidAccessToken,
  revokedAccessToken,
  unknownAuthenticationSchema,
} from './linkedin-errors.ts';
import type { EmulatorState } from './state.ts';

export interface Authenticated {
  token: IssuedToken;
  member: Member;
}

/** Resolves `Authorization: Bearer …` or throws the documented 401 body (reference §9.2). */
export function authenticateBearer(state: EmulatorState, header: string | undefined): Authenticated {
  const [scheme, credential] = (header ?? '').trim().split(/\s+/);
  if (!scheme) throw emptyAccessToken();
  if (scheme.toLowerCase() !== 'bearer') throw unknownAuthenticationSchema();
  if (!credential) throw emptyAccessToken();
  const token = state.grants.findAccessToken(credential);
  const member = token ? state.directory.members.get(token.sub) : undefined;
  if (!token || !member) throw invalidAccessToken();
  const status = state.grants.statusOf(token);
  if (status === 'revoked') throw revokedAccessToken();
  if (status === 'expired') throw expiredAccessToken();
  return { token, member };
}
