// The people's CLI: `pnpm cli post --connection <id> --text "…"`, `pnpm cli connections [--tenant t]`.
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { requireNatsServerVersion } from '@li-bus/messaging';
import { applyDevStackSettings, DEV_STACK_FILE } from './dev-stack-settings.ts';
import { connectionsCommand, postCommand, type Output } from './commands.ts';
import { deleteCommand, editCommand } from './edit-commands.ts';
import { cancelCommand } from './cancel-command.ts';
import { linkedinVersionsCommand } from './linkedin-versions-command.ts';

const USAGE = `usage:
  pnpm cli post --connection <id> --text "…" [--author urn] [--visibility PUBLIC|CONNECTIONS|LOGGED_IN]
                [--article-url https://…] [--article-title "…"] [--request-id id] [--not-before ISO]
                [--first-comment "…"] [--reshare-of urn:li:share:…]
                [--poll-question "…" --poll-option "…" --poll-option "…" [--poll-option …]
                 --poll-duration ONE_DAY|THREE_DAYS|SEVEN_DAYS|FOURTEEN_DAYS]
                [--timeout seconds] [--no-wait] [--json]
  pnpm cli edit --connection <id> --post <urn> --text "…" [--request-id id] [--timeout seconds] [--no-wait] [--json]
  pnpm cli delete --connection <id> --post <urn> [--request-id id] [--timeout seconds] [--no-wait] [--json]
  pnpm cli cancel --request <requestId> [--connection id] [--timeout seconds] [--no-wait] [--json]
      (a request not yet on LinkedIn: it never will be)
  pnpm cli connections [--tenant id] [--json]
  pnpm cli linkedin-versions [--connection id | --tenant id] [--json]
      (reads LINKEDIN_VERSION, LINKEDIN_API_BASE and TOKEN_ENCRYPTION_KEYS like the services)
NATS_URL selects the bus (default: the server \`./dev start\` runs, named in ${DEV_STACK_FILE},
else nats://127.0.0.1:4222).`;

/** NATS_URL (and the other settings the commands read), else what `./dev start` is running, else the default. */
async function natsUrl(): Promise<string> {
  const applied = await applyDevStackSettings(process.env);
  if (applied.length > 0) {
    console.error(`using the dev stack's ${applied.join(', ')} (from .data/; the environment wins)`);
  }
  return process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connection: { type: 'string' },
    post: { type: 'string' },
    request: { type: 'string' },
    text: { type: 'string' },
    author: { type: 'string' },
    visibility: { type: 'string' },
    'article-url': { type: 'string' },
    'article-title': { type: 'string' },
    'request-id': { type: 'string' },
    'not-before': { type: 'string' },
    'first-comment': { type: 'string' },
    'reshare-of': { type: 'string' },
    'poll-question': { type: 'string' },
    'poll-option': { type: 'string', multiple: true },
    'poll-duration': { type: 'string' },
    timeout: { type: 'string' },
    tenant: { type: 'string' },
    'no-wait': { type: 'boolean' },
    json: { type: 'boolean' },
  },
});

const out: Output = {
  line: (text) => console.log(text),
  json: (value) => console.log(JSON.stringify(value, null, 2)),
};
const commands = {
  post: postCommand,
  connections: connectionsCommand,
  edit: editCommand,
  delete: deleteCommand,
  cancel: cancelCommand,
  'linkedin-versions': linkedinVersionsCommand,
};
const command = commands[positionals[0] as keyof typeof commands] as (typeof commands)['post'] | undefined;
if (!command) {
  console.error(USAGE);
  process.exit(2);
}
const nc = await connect({ servers: await natsUrl(), name: 'li-bus-cli' });
try {
  // An old server (the machine's own, say) would take the request and never answer it: say so instead.
  requireNatsServerVersion(nc);
  process.exitCode = await command(nc, values, out);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await nc.drain();
}
