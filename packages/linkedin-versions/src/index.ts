export { DEFAULT_LINKEDIN_VERSIONS, parseVersionList, VersionListError } from './version-list.ts';
export { expectedSunset, daysLeft, DAY_MS, type ExpectedSunset } from './expected-sunset.ts';
export { LinkedInVersionUnsupportedError } from './version-errors.ts';
export {
  createKvRefusalStore,
  createInMemoryRefusalStore,
  VERSIONS_BUCKET,
  FORGET_REFUSALS_AFTER_MS,
  type Refusal,
  type RefusalStore,
} from './refusal-store.ts';
export { createVersionMetrics, type VersionMetrics } from './version-metrics.ts';
export {
  createLinkedInVersions,
  type LinkedInVersions,
  type LinkedInVersionsDeps,
  type RefusalOf,
} from './linkedin-versions.ts';
export {
  startSunsetWatch,
  SUNSET_WARNING_DAYS,
  type SunsetWatch,
  type SunsetWatchDeps,
} from './sunset-watch.ts';
export { probeVersion, type ProbeResult } from './probe-version.ts';
export { openLinkedInVersions } from './open-linkedin-versions.ts';
