import { fileURLToPath } from 'node:url';

/** The repository root, for reading the deploy files under test. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const repoPath = (relative: string) => `${REPO_ROOT}${relative}`;

export const SERVICES = ['auth-gateway', 'token-keeper', 'publisher'] as const;
export type ServiceName = (typeof SERVICES)[number];
