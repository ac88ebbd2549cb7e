import { afterEach, describe, expect, it } from 'vitest';
import { codeFields, exchange, getCode, setup, type TestEmulator } from './helpers.ts';

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

describe('secretValues option', () => {
  it('hands out the codes and tokens the caller generates', async () => {
    let n = 0;
    const made = (kind: string) => () => `AQ${kind}-generated-${++n}`;
    emulator = setup({
      secretValues: {
        authorizationCode: made('code'),
        accessToken: made('access'),
        refreshToken: made('refresh'),
      },
    });
    const code = await getCode(emulator.app, { scope: 'openid profile w_member_social' });
    expect(code).toBe('AQcode-generated-1');
    const grant = (await exchange(emulator.app, codeFields(code))).json<Record<string, string>>();
    expect(grant['access_token']).toBe('AQaccess-generated-2');
    expect(grant['refresh_token']).toBe('AQrefresh-generated-3');
    const refreshed = await exchange(emulator.app, {
      ...codeFields(code),
      grant_type: 'refresh_token',
      refresh_token: grant['refresh_token'] ?? '',
    });
    expect(refreshed.json<Record<string, string>>()['access_token']).toBe('AQaccess-generated-4');
  });
});
