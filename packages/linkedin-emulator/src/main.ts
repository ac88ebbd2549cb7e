import { loadConfig } from './config.ts';
import { DEFAULT_APP_SETTINGS } from './settings.ts';
import { startEmulator } from './start-emulator.ts';
import { STABLE_DEFAULT_IDS } from './state.ts';
import { currentApiVersion } from './versions.ts';

const config = loadConfig(process.env);
const emulator = await startEmulator({
  port: config.PORT,
  host: config.HOST,
  logger: { level: config.LOG_LEVEL },
  defaultIds: STABLE_DEFAULT_IDS,
  app: {
    redirectUris: [...new Set([...DEFAULT_APP_SETTINGS.redirectUris, ...config.EMULATOR_REDIRECT_URIS])],
  },
});

const { app: settings, defaultMember: member, defaultOrganization: page } = emulator.state;
process.stdout.write(
  [
    `LinkedIn emulator listening on ${emulator.url}`,
    `  OAuth:        ${emulator.url}/oauth/v2/authorization  (LINKEDIN_AUTH_BASE=${emulator.url})`,
    `  API:          ${emulator.url}/v2/userinfo, ${emulator.url}/rest/{posts,images,videos,documents,organizationAcls,organizations}  (LINKEDIN_API_BASE=${emulator.url})`,
    `  Admin:        ${emulator.url}/_emulator/{posts,media,requests,reset,clock,members,organizations,app,quotas,faults,versions}`,
    `  Member:       ${member.name} <${member.email}> sub=${member.sub} (urn:li:person:${member.sub})`,
    `  Page:         ${page.name} ${page.urn} (role ADMINISTRATOR)`,
    `  App:          client_id=${settings.clientId} client_secret=${settings.clientSecret}`,
    `  Redirect URIs: ${settings.redirectUris.join(', ')}`,
    `  LinkedIn-Version: ${currentApiVersion(emulator.state.clock.now())} (newest active; table at /_emulator/versions)`,
    `  Daily creates: ${settings.memberDailyCreateLimit} per member, ${settings.appDailyCreateLimit} per app (reset 00:00 UTC)`,
    '',
  ].join('\n'),
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
