import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompose, serviceEnvironment } from '../src/compose.ts';
import { execForm, parseDockerfile } from '../src/dockerfile.ts';
import { copyBuildContext, runBuildStage } from '../src/image-build.ts';
import { repoPath } from '../src/repo-paths.ts';
import { hasTool } from '../src/require-tool.ts';

// No Docker engine here: this runs each Dockerfile's build-stage pnpm steps on this machine and starts the
// result the way the runtime stage does (its CMD in /app/<dir>), which catches a runtime import of a
// dev dependency, a package missing from the pruned graph, or TypeScript that Node cannot run from there.
// (CI also builds and runs the images for real: deploy/images/ci-check.sh.)
const IMAGES = [
  { dir: 'services/auth-gateway', service: 'auth-gateway', dockerfile: 'services/Dockerfile' },
  { dir: 'services/token-keeper', service: 'token-keeper', dockerfile: 'services/Dockerfile' },
  { dir: 'services/publisher', service: 'publisher', dockerfile: 'services/Dockerfile' },
  {
    dir: 'packages/linkedin-emulator',
    service: 'linkedin-emulator',
    dockerfile: 'packages/linkedin-emulator/Dockerfile',
  },
];

let work: string;
let context: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'li-bus-image-'));
  context = join(work, 'repo');
  await copyBuildContext(context);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the image's CMD (node …) until it prints `until` or exits; returns its output. */
function runUntil(cwd: string, args: string[], env: Record<string, string>, until: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let output = '';
    const done = () => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(output);
    };
    const timer = setTimeout(done, 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) done();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', done);
  });
}

describe.skipIf(!hasTool('pnpm', ['--version']))('image build stages, run outside Docker', () => {
  it.each(IMAGES)(
    '$dir: the pruned /app tree starts',
    async ({ dir, service, dockerfile: path }) => {
      const out = join(work, `app-${service}`);
      const dockerfile = await readFile(repoPath(path), 'utf8');
      await runBuildStage(dockerfile, context, out, { SERVICE: service });
      const runtime = parseDockerfile(dockerfile).find((stage) => stage.name === 'runtime');
      const [node, ...args] =
        execForm(runtime?.instructions.find((i) => i.keyword === 'CMD')?.args ?? '') ?? [];
      expect(node).toBe('node');
      const compose = await loadCompose();
      const env = {
        ...serviceEnvironment(compose.services[service] ?? {}),
        NATS_URL: 'nats://127.0.0.1:1',
        PORT: '0',
        HOST: '127.0.0.1',
      };
      // Services get as far as connecting to NATS (refused on port 1); the emulator listens.
      const ready = service === 'linkedin-emulator' ? /listening on/ : /connection refused|ECONNREFUSED/i;
      const output = await runUntil(join(out, dir), args, env, ready);
      expect(output).not.toMatch(
        /ERR_MODULE_NOT_FOUND|ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING|Cannot find/,
      );
      expect(output).toMatch(ready);
    },
    120_000,
  );
});
