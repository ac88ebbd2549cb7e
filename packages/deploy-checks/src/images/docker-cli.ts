import { execFile } from 'node:child_process';

/** A `docker …` command that failed; `code` is stable, the message carries docker's stderr. */
export class DockerCommandError extends Error {
  readonly code = 'docker_command_failed';
  constructor(args: readonly string[], stderr: string, options?: { cause?: unknown }) {
    super(
      `docker ${args.slice(0, 2).join(' ')} failed: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
      options,
    );
    this.name = 'DockerCommandError';
  }
}

export interface DockerCli {
  /** Runs `docker <args>`, resolves with its trimmed stdout. */
  run(args: readonly string[], options?: { timeoutMs?: number; withStderr?: boolean }): Promise<string>;
}

/** The docker CLI with `env` (DOCKER_HOST, DOCKER_CONFIG: the engine this check started). */
export function createDockerCli(env: NodeJS.ProcessEnv): DockerCli {
  return {
    run: (args, options = {}) =>
      new Promise((resolve, reject) => {
        execFile(
          'docker',
          args,
          { env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) =>
            error
              ? reject(new DockerCommandError(args, stderr || error.message, { cause: error }))
              : resolve((options.withStderr ? stdout + stderr : stdout).trim()),
        );
      }),
  };
}
