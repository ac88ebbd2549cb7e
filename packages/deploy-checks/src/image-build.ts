import { execFileSync } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseDockerfile } from './dockerfile.ts';
import { REPO_ROOT } from './repo-paths.ts';

const SKIP = new Set(['node_modules', 'dist', 'test', 'bench', '.git', '.data', '.tools', 'coverage']);

/** The build context the Dockerfiles get: the workspace without what .dockerignore leaves out. */
export async function copyBuildContext(target: string): Promise<void> {
  for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']) {
    await cp(join(REPO_ROOT, file), join(target, file));
  }
  for (const dir of ['packages', 'services']) {
    await cp(join(REPO_ROOT, dir), join(target, dir), {
      recursive: true,
      filter: (source) => !SKIP.has(basename(source)) && !source.endsWith('.test.ts'),
    });
  }
}

/**
 * Runs the build stage's pnpm steps of a Dockerfile on this machine, in `context` (a copy of the workspace),
 * with `/repo` → context, `/app` → out and each `${ARG}` of `buildArgs` replaced. The store dir becomes pnpm's own
 * store, offline.
 */
export async function runBuildStage(
  dockerfileText: string,
  context: string,
  out: string,
  buildArgs: Record<string, string> = {},
): Promise<void> {
  const build = parseDockerfile(dockerfileText).find((stage) => stage.name === 'build');
  const steps = (build?.instructions ?? [])
    .filter((i) => i.keyword === 'RUN' && i.args.includes('pnpm') && !i.args.includes('npm install --global'))
    .filter((i) => !/pnpm fetch/.test(i.args))
    .map((i) =>
      i.args
        .replace(/--mount=\S+\s*/g, '')
        .replace(/\s*--store-dir \S+/g, '')
        .replaceAll('/repo/', `${context}/`)
        .replaceAll('/app', out)
        .replace(/\$\{(\w+)\}/g, (whole, name: string) => buildArgs[name] ?? whole),
    );
  await mkdir(out, { recursive: true });
  for (const step of steps) {
    execFileSync('sh', ['-c', step], { cwd: context, stdio: 'pipe', timeout: 120_000 });
  }
}
