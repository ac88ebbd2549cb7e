// Issue #9, scenario 2: N creates are ambiguous outcomes (the emulator's `dropResponseAfterCommit`: LinkedIn
// stores the post, then the connection dies before the answer). Bar: duplicates 0 (and, as everywhere, lost 0
// and every request terminal).
//
// A fault matches the next create whatever it is, so a retry can take it instead of a first create (it then
// drops a 422 DUPLICATE_POST, which commits nothing). Requests therefore go in waves of at most WAVE, each
// wave with as many faults as ambiguous creates are still missing, until N creates committed and lost their
// answer.
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { emulatorRequests, injectFault, isPostCreate } from '../src/emulator-admin.ts';
import { startPostTraffic } from '../src/post-traffic.ts';

const SIZES = { fast: { creates: 100, members: 4 }, full: { creates: 500, members: 10 } };
const WAVE = 25;
const MAX_WAVES = 100;

export default defineScenario({
  id: '02-ambiguous-creates',
  title: 'Ambiguous creates (dropResponseAfterCommit): no duplicate posts',
  fast: true,
  async run({ scale, log }) {
    const size = SIZES[scale];
    return withDeliveryRun({ members: size.members, interruptions: 0 }, async (run) => {
      const { system, members, windowMs, terminal, started } = run;
      const connectionIds = members.map((m) => m.connectionId);
      log(`${members.length} members connected; ${size.creates} creates will commit and drop their answer`);
      const requestIds: string[] = [];
      let ambiguous = 0;
      let waves = 0;
      let failedPublishes = 0;
      while (ambiguous < size.creates && waves < MAX_WAVES) {
        const n = Math.min(WAVE, size.creates - ambiguous);
        await injectFault(system.emulator.url, {
          method: 'POST',
          pathPrefix: '/rest/posts',
          times: n,
          dropResponseAfterCommit: true,
        });
        const wave = startPostTraffic({
          nc: system.nc,
          connectionIds,
          count: n,
          prefix: `ambiguous-${started.toString(36)}-w${waves}`,
          maxBacklog: n,
          done: terminal.done,
        });
        await wave.finished;
        requestIds.push(...wave.acknowledged);
        failedPublishes += wave.failed.length;
        await waitFor(() => wave.acknowledged.every((id) => terminal.done.has(id)), {
          timeoutMs: windowMs,
          intervalMs: 20,
          message: `wave ${waves} did not end within the retry window`,
        });
        const log201Dropped = (await emulatorRequests(system.emulator.url)).filter(
          (r) => isPostCreate(r) && r.fault === 'dropped' && r.status === 201,
        );
        ambiguous = log201Dropped.length;
        waves += 1;
      }
      const allTerminal = run.timeToAllTerminal();
      const { figures, creates: createLog } = await run.finish(requestIds);
      const answers = new Map<string, number>();
      for (const c of createLog) {
        const key = `${c.status}${c.fault ? ` ${c.fault}` : ''}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
      log(`POST /rest/posts answers in ${waves} waves: ${JSON.stringify([...answers])}`);
      return [
        { name: 'members', value: members.length },
        {
          name: 'creates committed with the answer dropped',
          value: createLog.filter((c) => c.status === 201 && c.fault === 'dropped').length,
          bar: { eq: size.creates },
        },
        {
          name: 'retries whose 422 DUPLICATE_POST was dropped too',
          value: createLog.filter((c) => c.status === 422 && c.fault === 'dropped').length,
        },
        { name: 'creates answered 422 DUPLICATE_POST', value: answers.get('422') ?? 0 },
        ...figures,
        { name: 'publishes failed loudly', value: failedPublishes, bar: { eq: 0 } },
        { name: 'waves', value: waves },
        allTerminal,
      ];
    });
  },
});
