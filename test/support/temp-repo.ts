import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_REPO, REPO_ROOT } from './fixture-repo';

export { FIXTURE_APPS, FIXTURE_REPO, REPO_ROOT } from './fixture-repo';

/** From the fixture: the app definitions, sealed files and committed output. */
const FROM_FIXTURE = ['apps', 'sealed-secrets', 'kustomize', 'namespaces', 'docs', 'stillon.config.ts'];
/** From this repository: what synth needs to run. */
const FROM_LIBRARY = ['src', 'imports', 'bin', 'package.json', 'tsconfig.json'];
/** Folders that hold only synth output. */
const OUTPUT_ONLY = ['kustomize', 'namespaces', 'docs'];

/**
 * A copy of the fixture repository under os.tmpdir(), with the committed output (unless
 * `withOutput: false`), this repository's library sources at its root and node_modules as a
 * symlink. Remove it with `removeTempRepo`.
 */
export function tempRepo(options: { readonly withOutput?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'stillon-repo-'));
  for (const entry of FROM_FIXTURE) {
    if (options.withOutput === false && OUTPUT_ONLY.includes(entry)) continue;
    cpSync(join(FIXTURE_REPO, entry), join(root, entry), {
      recursive: true,
      // Without output, apps/ keeps only the app definitions, not the Flux files synth writes.
      filter: (src) => options.withOutput !== false || !/\/apps\/[^/]+\.yaml$/.test(src),
    });
  }
  for (const entry of FROM_LIBRARY) {
    cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true, filter: (src) => !src.includes('.stillon-cache') });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

export function removeTempRepo(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One transpile cache for every copy of this test run: each copy would otherwise start with an
 * empty `.stillon-cache/` and pay esbuild for every source file on its first command.
 */
const SHARED_CACHE = mkdtempSync(join(tmpdir(), 'stillon-cache-'));
afterAll(() => rmSync(SHARED_CACHE, { recursive: true, force: true }));

/** Runs `node bin/stillon.js <args>` in `dir` as a real process. */
export function runCli(dir: string, args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, [join(dir, 'bin', 'stillon.js'), ...args], {
    cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, STILLON_CACHE_DIR: SHARED_CACHE },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * One file of a tree: a digest of its bytes and its modification time. A digest, not the bytes:
 * jest compares Buffers byte by byte, which took seconds per tree (imports/ alone is 1 MB).
 */
export interface FileState {
  readonly sha256: string;
  readonly mtimeMs: number;
}

/** Folders that are not the repository's content: the dependency symlink and the loader's cache. */
const NOT_CONTENT = new Set(['node_modules', '.stillon-cache']);

/** Every file under `root` (symlinks not followed), by relative path, with bytes and mtime. */
export function readTree(root: string, dir = ''): Map<string, FileState> {
  const files = new Map<string, FileState>();
  for (const entry of readdirSync(join(root, dir)).sort()) {
    if (!dir && NOT_CONTENT.has(entry)) continue;
    const rel = dir ? `${dir}/${entry}` : entry;
    const abs = join(root, rel);
    const stat = lstatSync(abs);
    if (stat.isDirectory()) {
      for (const [k, v] of readTree(root, rel)) files.set(k, v);
    } else {
      files.set(rel, { sha256: createHash('sha256').update(readFileSync(abs)).digest('hex'), mtimeMs: statSync(abs).mtimeMs });
    }
  }
  return files;
}

/** The tree as path → text, for equality checks with readable diffs; only the paths `filter` keeps. */
export function treeText(root: string, filter: (rel: string) => boolean = () => true): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rel of readTree(root).keys()) {
    if (filter(rel)) result[rel] = readFileSync(join(root, rel), 'utf8');
  }
  return result;
}

/** Every file synth may write: kustomize/, apps/*.yaml, namespaces/, docs/. */
export const isOutput = (rel: string): boolean => /^(kustomize|namespaces|docs)\//.test(rel) || /^apps\/[^/]+\.yaml$/.test(rel);

/** The manifests among the output (not the Markdown inventory). */
export const isManifest = (rel: string): boolean => isOutput(rel) && rel.endsWith('.yaml');

