export { buildEmulator } from './build-emulator.ts';
export { startEmulator } from './start-emulator.ts';
export { spawnEmulator, type SpawnedEmulator } from './spawn-emulator.ts';
export type { RunningEmulator, StartEmulatorOptions } from './start-emulator.ts';
export type { AppSettings, EmulatorOptions } from './settings.ts';
export { DEFAULT_APP_SETTINGS } from './settings.ts';
export type { EmulatorState } from './state.ts';
export { STABLE_DEFAULT_IDS } from './state.ts';
export type { Member, Organization, OrganizationRole } from './directory.ts';
export type { StoredPost } from './post-store.ts';
export type { MediaAsset, MediaKind, MediaStatus, VideoPart } from './media-store.ts';
export type { QuotaSnapshot } from './quota.ts';
export type { RequestLogEntry } from './request-log.ts';
export { MAX_REQUEST_LOG_ENTRIES } from './request-log.ts';
export type { Fault, FaultSpec } from './faults.ts';
export { currentApiVersion } from './versions.ts';
export { textPostBody } from './text-post-body.ts';
export { grantAccessToken, type DirectGrantOptions } from './direct-grant.ts';
export {
  createEmulatorAdmin,
  EmulatorAdminError,
  type AppPatch,
  type EmulatorAdmin,
  type EmulatorClock,
  type EmulatorMedia,
  type EmulatorMember,
  type EmulatorPost,
  type FaultInput,
  type NewMember,
} from './admin-client.ts';
