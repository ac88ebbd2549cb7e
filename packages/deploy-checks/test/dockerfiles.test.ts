import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { execForm, parseDockerfile } from '../src/dockerfile.ts';
import { imageIsPinned } from '../src/k8s-policy.ts';
import { repoPath } from '../src/repo-paths.ts';

const IMAGES = [
  { dir: 'services/auth-gateway', port: 8080, metricsPort: 9080 },
  { dir: 'services/token-keeper', port: 8081, metricsPort: 9081 },
  { dir: 'services/publisher', port: 8082, metricsPort: 9082 },
  { dir: 'packages/linkedin-emulator', port: 8090 },
];

describe.each(IMAGES)('$dir/Dockerfile', ({ dir, port, metricsPort }) => {
  const load = async () => {
    const pkg = JSON.parse(await readFile(repoPath(`${dir}/package.json`), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    return { pkg, stages: parseDockerfile(await readFile(repoPath(`${dir}/Dockerfile`), 'utf8')) };
  };

  it('has a build stage and a runtime stage, both on a pinned Node 24 slim base', async () => {
    const { stages } = await load();
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    for (const stage of stages) {
      expect(imageIsPinned(stage.image), stage.image).toBe(true);
      expect(stage.image).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
    }
  });

  it('installs only the production graph of this package, from the lockfile', async () => {
    const { pkg, stages } = await load();
    const runs = stages[0]?.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args) ?? [];
    const install = runs.find((run) => run.includes('pnpm install'));
    expect(install).toContain('--prod');
    expect(install).toContain('--frozen-lockfile');
    expect(install).toContain(`--filter-prod "${pkg.name}..."`);
    expect(runs.some((run) => run.includes(`--filter-prod "${pkg.name}..." exec`))).toBe(true);
  });

  it('runs as a non-root user with nothing but the built app, exec-form node command', async () => {
    const { pkg, stages } = await load();
    const runtime = stages[1]?.instructions ?? [];
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.filter((i) => i.keyword === 'RUN')).toEqual([]);
    expect(runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual([
      '--from=build /app /app',
    ]);
    expect(runtime.find((i) => i.keyword === 'WORKDIR')?.args).toBe(`/app/${dir}`);
    // The services' operator port (METRICS_PORT, `/metrics`) too; the emulator has none.
    expect(runtime.find((i) => i.keyword === 'EXPOSE')?.args).toBe(
      metricsPort ? `${port} ${metricsPort}` : String(port),
    );
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toContain(`PORT=${port}`);
    if (metricsPort)
      expect(runtime.find((i) => i.keyword === 'ENV')?.args).toContain(`METRICS_PORT=${metricsPort}`);
    const cmd = execForm(runtime.find((i) => i.keyword === 'CMD')?.args ?? '');
    // Telemetry starts before the app once the package depends on @li-bus/telemetry (issue #7).
    const telemetry = Boolean(pkg.dependencies?.['@li-bus/telemetry']);
    expect(cmd, telemetry ? 'depends on @li-bus/telemetry: CMD needs --import' : 'plain node').toEqual(
      telemetry ? ['node', '--import', '@li-bus/telemetry/register', 'src/main.ts'] : ['node', 'src/main.ts'],
    );
    expect(existsSync(repoPath(`${dir}/src/main.ts`))).toBe(true);
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
