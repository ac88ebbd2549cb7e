// The people's CLI: `pnpm cli post --connection <id> --text "…"`, `pnpm cli connections [--tenant t]`.
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { connectionsCommand, postCommand, type Output } from './commands.ts';

const USAGE = `usage:
  pnpm cli post --connection <id> --text "…" [--author urn] [--visibility PUBLIC|CONNECTIONS|LOGGED_IN]
                [--article-url https://…] [--article-title "…"] [--request-id id] [--not-before ISO]
                [--timeout seconds] [--no-wait] [--json]
  pnpm cli connections [--tenant id] [--json]
NATS_URL selects the bus (default nats://127.0.0.1:4222).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connection: { type: 'string' },
    text: { type: 'string' },
    author: { type: 'string' },
    visibility: { type: 'string' },
    'article-url': { type: 'string' },
    'article-title': { type: 'string' },
    'request-id': { type: 'string' },
    'not-before': { type: 'string' },
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
const commands = { post: postCommand, connections: connectionsCommand };
const command = commands[positionals[0] as keyof typeof commands] as (typeof commands)['post'] | undefined;
if (!command) {
  console.error(USAGE);
  process.exit(2);
}
const nc = await connect({ servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', name: 'li-bus-cli' });
try {
  process.exitCode = await command(nc, values, out);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await nc.drain();
}
