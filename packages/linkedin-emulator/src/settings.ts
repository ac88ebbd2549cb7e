import type { LoggerOptions } from 'pino';
import type { SecretValues } from './grants.ts';

/** The LinkedIn developer app the emulator pretends to host (one per emulator for now). */
export interface AppSettings {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URLs; their query strings are ignored when matching. */
  redirectUris: string[];
  /** Scopes granted to the app's products; anything else gives `unauthorized_scope_error`. */
  allowedScopes: string[];
  /** Programmatic refresh tokens (MDP partners only on the real LinkedIn). */
  refreshTokens: boolean;
  /** `POST /rest/posts` calls per member per UTC day (emulated clock) before 429. */
  memberDailyCreateLimit: number;
  /** `POST /rest/posts` calls per app per UTC day (emulated clock) before 429. */
  appDailyCreateLimit: number;
  /** Emulated seconds an uploaded image or document, or a finalized video, stays `PROCESSING`. */
  mediaProcessingSeconds: number;
  /** Life of image and document upload URLs, in emulated seconds. */
  uploadUrlTtlSeconds: number;
  /** Life of video part upload URLs, in emulated seconds (about 30 days on LinkedIn). */
  videoUploadUrlTtlSeconds: number;
  /** Access tokens younger than this answer `/v2/userinfo` with the transient 65601 (reference §4.1); 0 is off. */
  transientRevokedSeconds: number;
}

export interface EmulatorOptions {
  app?: Partial<AppSettings>;
  /** The real-time source in epoch milliseconds; the emulated clock adds its offset to it. */
  now?: () => number;
  logger?: false | LoggerOptions;
  /** Fixed ids for the default member and Page (random when absent); see `STABLE_DEFAULT_IDS`. */
  defaultIds?: { memberSub: string; organizationId: string };
  /** Makes the authorization codes and tokens (random `AQ…` strings when absent), e.g. distinctive ones to scan for. */
  secretValues?: Partial<SecretValues>;
}

export const DEFAULT_APP_SETTINGS: AppSettings = {
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  redirectUris: ['http://localhost:8080/oauth/linkedin/callback'],
  allowedScopes: [
    'openid',
    'profile',
    'email',
    'w_member_social',
    'r_member_social',
    'w_organization_social',
    'r_organization_social',
    'rw_organization_admin',
    'w_member_social_feed',
    'w_organization_social_feed',
  ],
  refreshTokens: true,
  memberDailyCreateLimit: 150,
  appDailyCreateLimit: 100_000,
  mediaProcessingSeconds: 2,
  uploadUrlTtlSeconds: 24 * 60 * 60,
  videoUploadUrlTtlSeconds: 30 * 24 * 60 * 60,
  transientRevokedSeconds: 0,
};

export function resolveAppSettings(overrides: Partial<AppSettings> = {}): AppSettings {
  const merged = { ...DEFAULT_APP_SETTINGS, ...overrides };
  return {
    ...merged,
    redirectUris: [...merged.redirectUris],
    allowedScopes: [...merged.allowedScopes],
  };
}
