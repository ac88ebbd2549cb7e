/**
 * The in-memory token-keeper stand-in in its own process with its own NATS connection, as token-keeper runs in
 * production. `node token-keeper-process.ts <natsUrl>`.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { connectNats } from '@li-bus/messaging';
import { startInMemoryTokenKeeper } from '../test/in-memory-token-keeper.ts';
import { serveUntilTerminated, spawnBenchProcess } from './bench-process.ts';

export const spawnTokenKeeper = (natsUrl: string, nodeArgs: string[] = []) =>
  spawnBenchProcess<object>(fileURLToPath(import.meta.url), [natsUrl], nodeArgs);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const natsUrl = process.argv[2];
  if (!natsUrl) throw new Error('usage: token-keeper-process.ts <natsUrl>');
  const nc = await connectNats({ url: natsUrl, name: 'token-keeper', logger: pino({ level: 'silent' }) });
  const keeper = await startInMemoryTokenKeeper(nc);
  serveUntilTerminated({}, async () => {
    await keeper.stop();
    await nc.close();
  });
}
