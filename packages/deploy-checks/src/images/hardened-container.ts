import type { DockerCli } from './docker-cli.ts';

export interface HardenedContainer {
  name: string;
  /** The container's output so far (stdout and stderr). */
  logs(): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Starts `image` the way production runs it: read-only root filesystem (a tmpfs on /tmp), no capabilities,
 * no privilege escalation, as the image's own (non-root) user, on the host network (no bridge here: only
 * loopback traffic). Refuses an image whose user is root.
 */
export async function runHardened(
  docker: DockerCli,
  spec: { name: string; image: string; env: Record<string, string> },
): Promise<HardenedContainer> {
  const user = await docker.run(['image', 'inspect', '--format', '{{.Config.User}}', spec.image]);
  if (user === '' || /^(0|root)(:|$)/.test(user))
    throw new Error(`${spec.image} runs as root (USER "${user}")`);
  const env = Object.entries(spec.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  await docker.run([
    'run',
    '--detach',
    '--name',
    spec.name,
    '--network',
    'host',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    ...env,
    spec.image,
  ]);
  return {
    name: spec.name,
    logs: () =>
      docker.run(['logs', spec.name], { withStderr: true }).catch((error: unknown) => String(error)),
    remove: async () => {
      await docker.run(['rm', '--force', spec.name]).catch(() => undefined);
    },
  };
}
