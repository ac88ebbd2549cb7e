// The workspace's import boundary: a package uses another only through its name and `package.json` `exports`
// (`@li-bus/publisher/config`), never by a relative path into its folder (`../../services/publisher/src/…`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** The folders of the repository that hold workspace packages. */
export const WORKSPACE_FOLDERS = ['packages', 'services', 'bench', 'reliability'] as const;

const SKIPPED = new Set(['node_modules', 'dist', 'coverage']);

export interface BoundaryViolation {
  /** The importing file, relative to the repository root. */
  file: string;
  specifier: string;
  /** The folder of the package it reaches into, relative to the repository root (`.` outside any). */
  reaches: string;
}

/** Every module specifier of a TypeScript source: imports, `export … from`, `import()`, `require()`. */
export function moduleSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((entry) => entry.fileName);
}

function typescriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return /\.[cm]?ts$/.test(entry.name) ? [path] : [];
  });
}

/** The folder of the nearest `package.json` at or above `dir`, not above `repoRoot`. */
function packageFolderOf(dir: string, repoRoot: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (current === repoRoot || dirname(current) === current) return repoRoot;
  }
}

const inside = (folder: string, path: string) => path === folder || path.startsWith(folder + sep);

/** Each relative import under the workspace folders that leaves the importing file's own package. */
export function findBoundaryViolations(repoRoot: string): BoundaryViolation[] {
  const root = resolve(repoRoot);
  const violations: BoundaryViolation[] = [];
  for (const file of WORKSPACE_FOLDERS.flatMap((folder) => typescriptFiles(join(root, folder)))) {
    const own = packageFolderOf(dirname(file), root);
    for (const specifier of moduleSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      if (inside(own, target)) continue;
      violations.push({
        file: relative(root, file),
        specifier,
        reaches: relative(root, packageFolderOf(dirname(target), root)) || '.',
      });
    }
  }
  return violations;
}
