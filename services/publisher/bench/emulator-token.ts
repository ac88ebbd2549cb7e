import { grantAccessToken, type RunningEmulator } from '@li-bus/linkedin-emulator';

/** The redirect URI the publisher's tests and benchmarks register with the emulator. */
export const REDIRECT_URI = 'https://publisher-test.example/callback';
/** What the publisher's member tokens are granted: posting as the member and as their Pages, and reading back. */
export const MEMBER_SCOPES =
  'openid profile email w_member_social r_member_social w_organization_social'.split(' ');

/** A real access token from the emulator: consent (`emulator_decision=allow`), then the code exchange. */
export function emulatorAccessToken(
  emulator: Pick<RunningEmulator, 'url' | 'app'>,
  memberSub?: string,
  scopes: readonly string[] = MEMBER_SCOPES,
): Promise<string> {
  return grantAccessToken(emulator, {
    redirectUri: REDIRECT_URI,
    scope: scopes.join(' '),
    ...(memberSub ? { memberSub } : {}),
  });
}
