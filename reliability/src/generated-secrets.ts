// Distinctive generated values for everything secret in a run: the emulator hands out these codes and tokens
// (its `secretValues` option), so a scan knows every value it must never find, independently of the system.
import { randomBytes } from 'node:crypto';
import type { EmulatorOptions } from '@li-bus/linkedin-emulator';

type SecretValues = NonNullable<EmulatorOptions['secretValues']>;

export interface GeneratedSecrets {
  /** Pass as the emulator's `secretValues`. */
  values: Required<SecretValues>;
  /** Every value handed out so far, by kind. */
  issued: { authorizationCode: string[]; accessToken: string[]; refreshToken: string[] };
  /**
   * What to scan for, by a name that says what it is (never the value): the first 40 characters of every issued
   * value (marker and run id plus 25 random characters, unique to it, so a whole or a cut-off value is found), and
   * `extra` as given.
   */
  named(extra?: Record<string, string>): Record<string, string>;
}

/** LinkedIn-shaped (`AQ` + base64url) but marked, so a leak is unmistakable in any output. */
export function createGeneratedSecrets(runId = randomBytes(3).toString('hex')): GeneratedSecrets {
  const issued: GeneratedSecrets['issued'] = { authorizationCode: [], accessToken: [], refreshToken: [] };
  const maker = (kind: keyof GeneratedSecrets['issued'], randomBytesCount: number) => () => {
    const value = `AQhyg${runId}${kind.slice(0, 4)}${randomBytes(randomBytesCount).toString('base64url')}`;
    issued[kind].push(value);
    return value;
  };
  return {
    values: {
      authorizationCode: maker('authorizationCode', 120),
      accessToken: maker('accessToken', 372),
      refreshToken: maker('refreshToken', 300),
    },
    issued,
    named(extra = {}) {
      const out: Record<string, string> = { ...extra };
      for (const [kind, values] of Object.entries(issued)) {
        values.forEach((value, i) => (out[`${kind} #${i + 1}`] = value.slice(0, 40)));
      }
      return out;
    },
  };
}
