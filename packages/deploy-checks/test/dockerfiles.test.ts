import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { execForm, parseDockerfile, type Stage } from '../src/dockerfile.ts';
import { imageIsPinned } from '../src/k8s-policy.ts';
import { repoPath, SERVICES } from '../src/repo-paths.ts';

// Offline checks of the Dockerfiles; CI also builds and runs them for real (deploy/images/ci-check.sh).
const IMAGES = [
  { dockerfile: 'services/Dockerfile', name: '@li-bus/${SERVICE}', workdir: '/app/services/${SERVICE}' },
  {
    dockerfile: 'packages/linkedin-emulator/Dockerfile',
    name: '@li-bus/linkedin-emulator',
    workdir: '/app/packages/linkedin-emulator',
  },
];

const readPackage = async (dir: string) =>
  JSON.parse(await readFile(repoPath(`${dir}/package.json`), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };

describe.each(IMAGES)('$dockerfile', ({ dockerfile, name, workdir }) => {
  const load = async () => {
    const text = await readFile(repoPath(dockerfile), 'utf8');
    return { text, stages: parseDockerfile(text) };
  };
  const stage = (stages: Stage[], stageName: string) => stages.find((s) => s.name === stageName);

  it('pulls nothing but its base: no syntax directive, NODE_IMAGE defaulting to a pinned Node 24 slim image', async () => {
    const { text, stages } = await load();
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
    const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1] ?? '';
    expect(imageIsPinned(arg), arg).toBe(true);
    expect(arg).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
    expect(stages.map((s) => [s.name, s.image])).toEqual([
      ['build', '${NODE_IMAGE}'],
      ['node', '${NODE_IMAGE}'],
      ['runtime', 'scratch'],
    ]);
  });

  it('installs only the production graph of the package, from the lockfile', async () => {
    const { stages } = await load();
    const runs =
      stage(stages, 'build')
        ?.instructions.filter((i) => i.keyword === 'RUN')
        .map((i) => i.args) ?? [];
    const install = runs.find((run) => run.includes('pnpm install'));
    expect(install).toContain('--prod');
    expect(install).toContain('--frozen-lockfile');
    expect(install).toContain(`--filter-prod "${name}..."`);
    expect(runs.some((run) => run.includes(`--filter-prod "${name}..." exec`))).toBe(true);
  });

  it('runtime: the base without npm, then the app, as a non-root user, exec-form node command', async () => {
    const { stages } = await load();
    const nodeRuns = stage(stages, 'node')?.instructions.filter((i) => i.keyword === 'RUN') ?? [];
    expect(nodeRuns.map((i) => i.args).join(' ')).toMatch(/rm -rf \/usr\/local\/lib\/node_modules /);
    const runtime = stage(stages, 'runtime')?.instructions ?? [];
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.filter((i) => i.keyword === 'RUN')).toEqual([]);
    expect(runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual([
      '--from=node / /',
      '--from=build /app /app',
    ]);
    expect(runtime.find((i) => i.keyword === 'WORKDIR')?.args).toBe(workdir);
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toContain('PATH=/usr/local/sbin:/usr/local/bin:');
  });
});

describe('services/Dockerfile CMD', () => {
  it.each(SERVICES)(
    '%s depends on @li-bus/telemetry, which the CMD starts before the app',
    async (service) => {
      const pkg = await readPackage(`services/${service}`);
      expect(pkg.dependencies?.['@li-bus/telemetry']).toBeDefined();
      const runtime = parseDockerfile(await readFile(repoPath('services/Dockerfile'), 'utf8')).at(-1);
      const cmd = execForm(runtime?.instructions.find((i) => i.keyword === 'CMD')?.args ?? '');
      expect(cmd).toEqual(['node', '--import', '@li-bus/telemetry/register', 'src/main.ts']);
      expect(existsSync(repoPath(`services/${service}/src/main.ts`))).toBe(true);
      expect(existsSync(repoPath(`services/${service}/Dockerfile`)), 'one Dockerfile for every service').toBe(
        false,
      );
    },
  );

  it('the emulator runs plain node until it depends on @li-bus/telemetry', async () => {
    const pkg = await readPackage('packages/linkedin-emulator');
    const runtime = parseDockerfile(
      await readFile(repoPath('packages/linkedin-emulator/Dockerfile'), 'utf8'),
    ).at(-1);
    const cmd = execForm(runtime?.instructions.find((i) => i.keyword === 'CMD')?.args ?? '');
    const telemetry = Boolean(pkg.dependencies?.['@li-bus/telemetry']);
    expect(cmd).toEqual(
      telemetry ? ['node', '--import', '@li-bus/telemetry/register', 'src/main.ts'] : ['node', 'src/main.ts'],
    );
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, git, secrets, local data and tests out of the build context', async () => {
    const lines = (await readFile(repoPath('.dockerignore'), 'utf8')).split('\n').map((line) => line.trim());
    for (const entry of ['**/node_modules', '.git', '.env', '.data', '**/test', '**/*.test.ts', '**/dist']) {
      expect(lines).toContain(entry);
    }
  });
});
