import type { Dispatcher } from 'undici';
import { grantAccessToken, type RunningEmulator } from '../src/index.ts';
import { REDIRECT_URI } from './helpers.ts';

/** The authorization code flow over real HTTP (`emulator_decision=allow`); returns the access token. */
export function httpToken(emulator: RunningEmulator, dispatcher: Dispatcher, scope: string): Promise<string> {
  return grantAccessToken(emulator, { redirectUri: REDIRECT_URI, scope, dispatcher });
}
