import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The gateway's source is organised by feature: the import graph has no cycle, nothing imports upward
 * (shared code never imports a feature or the composition root; a feature never imports the root), and a feature
 * reaches into another only through one of the named seams below.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/**
 * The composition root: wires features together (and names what the whole gateway runs, e.g. its consumers); may
 * import anything, and only the root imports it.
 */
const ROOT_FILES = new Set([
  'app.ts',
  'main.ts',
  'create-deps.ts',
  'workers.ts',
  'deps.ts',
  'nats-resources.ts',
]);
/** Shared code every feature may use; it imports only shared code and packages. */
const SHARED_FILES = new Set(['config.ts']);
const SHARED_FOLDERS = new Set(['http', 'linkedin', 'oauth-core']);
const FEATURES = new Set([
  'connect',
  'connections',
  'posts',
  'oauth-server',
  'mcp',
  'refresh',
  'webhooks',
  'openapi',
]);

/** The only imports allowed from one feature into another: `importer feature -> imported file`. */
const SEAMS = new Set([
  // The consent page's Allow sends the browser to LinkedIn through the connect flow.
  'oauth-server -> connect/start-connect.ts',
  'oauth-server -> connect/connect-sessions.ts',
  // The MCP tools are the posts and connections operations the REST routes call, with the same deps.
  'mcp -> posts/accept-post.ts',
  'mcp -> posts/read-post-status.ts',
  'mcp -> posts/cancel-post.ts',
  'mcp -> posts/change-post.ts',
  'mcp -> posts/upload-media.ts',
  'mcp -> posts/media-store.ts',
  'mcp -> posts/posts-deps.ts',
  // `get_connection_status` / `list_connections` answer like `GET /v1/connections[/:id]` (canComment, quota).
  'mcp -> connections/connection-details.ts',
  'mcp -> connections/own-connection.ts',
  'mcp -> connections/connections-deps.ts',
  // A tool that needs LinkedIn points a member without a usable connection at a connect flow.
  'mcp -> connect/connect-sessions.ts',
  // Revoke and manual refresh wait for token-keeper's confirmation like the connect callback (read your writes).
  'connections -> connect/confirm-stored.ts',
  // `POST /v1/connections/authorize` leaves a pending flow in the connect feature's store.
  'connections -> connect/connect-sessions.ts',
  // The OpenAPI document includes the webhook routes.
  'openapi -> webhooks/webhook-openapi.ts',
]);

type Layer = { kind: 'root' } | { kind: 'shared' } | { kind: 'feature'; name: string } | { kind: 'unknown' };

function layerOf(file: string): Layer {
  const [first = '', ...rest] = file.split('/');
  if (rest.length === 0) {
    if (ROOT_FILES.has(first)) return { kind: 'root' };
    if (SHARED_FILES.has(first)) return { kind: 'shared' };
    return { kind: 'unknown' };
  }
  if (SHARED_FOLDERS.has(first)) return { kind: 'shared' };
  if (FEATURES.has(first)) return { kind: 'feature', name: first };
  return { kind: 'unknown' };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Static, dynamic and re-export specifiers of a module (type-only imports included: they are edges too). */
const IMPORT =
  /(?:\bimport|\bexport)\s*(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gs;

/** `file -> files it imports`, every path relative to `src/` with `/` separators; imports leaving `src/` are kept. */
function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(srcDir)) {
    const from = relative(srcDir, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier?.startsWith('.')) continue;
      targets.add(posix.normalize(posix.join(posix.dirname(from), specifier)));
    }
    graph.set(from, [...targets]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files around it (first file repeated at the end). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Every import that breaks the layering, as `importer -> imported (why)`. */
function layeringViolations(graph: Map<string, string[]>): string[] {
  const violations: string[] = [];
  for (const [from, targets] of graph) {
    const source = layerOf(from);
    if (source.kind === 'unknown') violations.push(`${from} (not in a known layer or feature folder)`);
    for (const to of targets) {
      if (to.startsWith('..')) {
        violations.push(`${from} -> ${to} (leaves src/: use a package)`);
        continue;
      }
      const target = layerOf(to);
      if (source.kind === 'root' || target.kind === 'unknown') continue;
      if (target.kind === 'root') violations.push(`${from} -> ${to} (imports the composition root)`);
      else if (source.kind === 'shared' && target.kind === 'feature') {
        violations.push(`${from} -> ${to} (shared code imports a feature)`);
      } else if (
        source.kind === 'feature' &&
        target.kind === 'feature' &&
        source.name !== target.name &&
        !SEAMS.has(`${source.name} -> ${to}`)
      ) {
        violations.push(`${from} -> ${to} (crosses features outside the seams)`);
      }
    }
  }
  return violations.sort();
}

describe('the gateway import graph', () => {
  const graph = importGraph(SRC);

  it('reads the source (sanity: the graph is not empty and sees multi-line and type imports)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('app.ts')).toContain('deps.ts');
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('imports only downward, and across features only through the named seams', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('uses every seam it allows (a stale seam is removed)', () => {
    const used = new Set<string>();
    for (const [from, targets] of graph) {
      const source = layerOf(from);
      if (source.kind !== 'feature') continue;
      for (const to of targets) used.add(`${source.name} -> ${to}`);
    }
    expect([...SEAMS].filter((seam) => !used.has(seam))).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds a cycle, type-only or not', () => {
    const cycles = findCycles(graphOf({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts'] }));
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('refuses an upward import and a feature-to-feature import outside the seams', () => {
    const violations = layeringViolations(
      graphOf({
        'http/caller.ts': ['oauth-server/grants.ts'],
        'posts/accept-post.ts': ['connections/connections-routes.ts', 'deps.ts'],
        'mcp/mcp-tools.ts': ['posts/accept-post.ts'],
      }),
    );
    expect(violations).toEqual([
      'http/caller.ts -> oauth-server/grants.ts (shared code imports a feature)',
      'posts/accept-post.ts -> connections/connections-routes.ts (crosses features outside the seams)',
      'posts/accept-post.ts -> deps.ts (imports the composition root)',
    ]);
  });
});
