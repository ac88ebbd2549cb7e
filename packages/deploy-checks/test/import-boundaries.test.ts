import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoundaryViolations, moduleSpecifiers } from '../src/import-boundaries.ts';
import { REPO_ROOT } from '../src/repo-paths.ts';

describe('import boundaries', () => {
  it('no package, service, bench or reliability file imports another workspace package by relative path', () => {
    expect(findBoundaryViolations(REPO_ROOT)).toEqual([]);
  });

  describe('the check itself', () => {
    const root = mkdtempSync(join(tmpdir(), 'import-boundaries-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('services/a/package.json', '{}');
    write('services/a/src/config.ts', 'export const x = 1;\n');
    write('services/a/bench/run.ts', "import { x } from '../src/config.ts';\n");
    write('packages/b/package.json', '{}');
    write('packages/b/src/uses.ts', "import { x } from '../../../services/a/src/config.ts';\n");
    write('packages/b/test/re-export.test.ts', "export * from '../../../services/a/bench/run.ts';\n");
    write('bench/package.json', '{}');
    write('bench/src/dynamic.ts', "await import('../../packages/b/src/uses.ts');\n");
    write('reliability/package.json', '{}');
    write('reliability/src/named.ts', "import { x } from '@li-bus/a/config';\n");

    it('flags imports, re-exports and dynamic imports that leave their package, and nothing else', () => {
      const found = findBoundaryViolations(root).map((v) => `${v.file} -> ${v.reaches}`);
      expect(found.sort()).toEqual([
        'bench/src/dynamic.ts -> packages/b',
        'packages/b/src/uses.ts -> services/a',
        'packages/b/test/re-export.test.ts -> services/a',
      ]);
    });

    it('reads specifiers the way TypeScript does, comments and strings aside', () => {
      const source = "// import '../nope.ts'\nimport a from './a.ts';\nconst s = \"from '../x.ts'\";\n";
      expect(moduleSpecifiers(source)).toEqual(['./a.ts']);
    });
  });
});
