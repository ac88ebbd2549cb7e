import { createClock, type Clock } from './clock.ts';
import { createCommentStore, type CommentStore } from './comment-store.ts';
import { createDirectory, type Directory, type Member, type Organization } from './directory.ts';
import { createFaultStore, type FaultStore } from './faults.ts';
import { createGrantStore, type GrantStore } from './grants.ts';
import { createMediaStore, type MediaStore } from './media-store.ts';
import { createPostStore, type PostStore } from './post-store.ts';
import { createDailyQuota, type DailyQuota } from './quota.ts';
import { createRequestLog, type RequestLog } from './request-log.ts';
import { resolveAppSettings, type AppSettings, type EmulatorOptions } from './settings.ts';
import { newMemberSub, newOrganizationId } from './ids.ts';
import { createVersionTable, type VersionTable } from './versions.ts';

/** Everything the emulator knows. Collections keep their identity across `reset()`. */
export interface EmulatorState {
  clock: Clock;
  /** The emulated developer app (one per emulator). Mutated in place by `updateApp`. */
  app: AppSettings;
  directory: Directory;
  grants: GrantStore;
  posts: PostStore;
  /** Comments API (`/rest/socialActions/{post}/comments`). */
  comments: CommentStore;
  media: MediaStore;
  /** Daily `POST /rest/posts` counters (reference §9.5). */
  createQuota: DailyQuota;
  requests: RequestLog;
  faults: FaultStore;
  /** The `LinkedIn-Version`s accepted, by release and sunset date (`POST /_emulator/versions`). */
  versions: VersionTable;
  defaultMember: Member;
  defaultOrganization: Organization;
  findApp(clientId: string): AppSettings | undefined;
  updateApp(patch: Partial<AppSettings>): AppSettings;
  /** Clears posts, comments, media, quotas, tokens, codes, the request log and faults; restores the app, people and clock. */
  reset(): void;
}

const DEFAULT_MEMBER_NAME = 'Avery Quinn';
const DEFAULT_ORGANIZATION_NAME = 'Emulated Widgets Inc';
/**
 * Stable ids for long-lived emulators (`./dev start`, standalone): a restarted emulator is then the same LinkedIn
 * to the system, as a real member's id is for one app. Tests keep random ids, so their connections never collide.
 */
export const STABLE_DEFAULT_IDS = { memberSub: 'aVq7Xq2mTz', organizationId: '81234567' } as const;

export function createEmulatorState(options: EmulatorOptions = {}): EmulatorState {
  const clock = createClock(options.now);
  const directory = createDirectory();
  const defaultSub = options.defaultIds?.memberSub ?? newMemberSub();
  const defaultOrganizationId = options.defaultIds?.organizationId ?? newOrganizationId();

  function seedDirectory(): { member: Member; organization: Organization } {
    directory.members.clear();
    directory.organizations.clear();
    const member = directory.addMember({
      sub: defaultSub,
      name: DEFAULT_MEMBER_NAME,
      email: 'avery.quinn@example.com',
      organizations: [{ id: defaultOrganizationId, name: DEFAULT_ORGANIZATION_NAME, role: 'ADMINISTRATOR' }],
    });
    const organization = directory.organizations.get(defaultOrganizationId);
    if (!organization) throw new Error('default organization missing after seeding');
    return { member, organization };
  }

  const seeded = seedDirectory();
  const state: EmulatorState = {
    clock,
    app: resolveAppSettings(options.app),
    directory,
    grants: createGrantStore(clock, options.secretValues),
    posts: createPostStore(),
    comments: createCommentStore(),
    media: createMediaStore(clock),
    createQuota: createDailyQuota(clock),
    requests: createRequestLog(() => clock.now()),
    faults: createFaultStore(),
    versions: createVersionTable(),
    defaultMember: seeded.member,
    defaultOrganization: seeded.organization,
    findApp: (clientId) => (clientId === state.app.clientId ? state.app : undefined),
    updateApp(patch) {
      Object.assign(state.app, resolveAppSettings({ ...state.app, ...patch }));
      return state.app;
    },
    reset() {
      clock.reset();
      Object.assign(state.app, resolveAppSettings(options.app));
      state.grants.clear();
      state.posts.clear();
      state.comments.clear();
      state.media.clear();
      state.createQuota.clear();
      state.requests.clear();
      state.faults.clear();
      state.versions.reset();
      const again = seedDirectory();
      state.defaultMember = again.member;
      state.defaultOrganization = again.organization;
    },
  };
  return state;
}
