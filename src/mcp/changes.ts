import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { Conventions } from '../conventions';
import { withheldBecause } from '../synth/check';
import { Layout } from '../synth/layout';

/** What a write tool changed, measured on the disk (never what it meant to change). */
export interface FileChanges {
  readonly created: string[];
  readonly updated: string[];
  readonly deleted: string[];
  /** A unified diff of every change; a file that holds (or looks like it holds) a Secret is withheld, as `synth --check` does. */
  readonly diff: string;
}

/** The folders a write tool may touch: synth's output, the apps, the sealed files and the apps' tests. */
export function writableDirs(conventions: Conventions): string[] {
  const dirs = new Set([...new Layout(conventions).outputDirs(), conventions.paths.apps, conventions.paths.sealedSecrets, 'test/apps']);
  return [...dirs].sort();
}

/** Every file below `dirs` (symlinks not followed), by path relative to the root. */
export function snapshot(rootDir: string, dirs: readonly string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(rootDir, rel), { withFileTypes: true });
    } catch {
      return; // absent: nothing to compare
    }
    for (const entry of entries) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.set(child, fs.readFileSync(path.join(rootDir, child)));
    }
  };
  for (const dir of dirs) walk(dir);
  return files;
}

/** The difference between two snapshots, sorted by path. */
export function compareSnapshots(before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>): FileChanges {
  const created: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];
  for (const [rel, bytes] of after) {
    const old = before.get(rel);
    if (old === undefined) created.push(rel);
    else if (!old.equals(bytes)) updated.push(rel);
  }
  for (const rel of before.keys()) if (!after.has(rel)) deleted.push(rel);
  const changed = [...created, ...updated, ...deleted].sort();
  const diff = changed.map((rel) => patch(rel, before.get(rel)?.toString('utf8') ?? '', after.get(rel)?.toString('utf8') ?? '')).join('');
  return { created: created.sort(), updated: updated.sort(), deleted: deleted.sort(), diff };
}

/** Runs `change` and reports what it did to the writable folders. */
export async function measureChanges<T>(rootDir: string, conventions: Conventions,
  change: () => Promise<T> | T): Promise<{ value: T; changes: FileChanges }> {
  const dirs = writableDirs(conventions);
  const before = snapshot(rootDir, dirs);
  const value = await change();
  return { value, changes: compareSnapshots(before, snapshot(rootDir, dirs)) };
}

function patch(rel: string, before: string, after: string): string {
  // Manifests are judged as synth --check judges them; an app's source or the Markdown inventory
  // is no manifest (and would never parse as one).
  const reason = /\.ya?ml$/.test(rel) ? withheldBecause(rel, before) ?? withheldBecause(rel, after) : undefined;
  if (reason) return `(diff withheld: ${rel}: ${reason}; open the file to compare)\n`;
  return createTwoFilesPatch(before ? `a/${rel}` : '/dev/null', after ? `b/${rel}` : '/dev/null', before, after, undefined, undefined, { context: 3 })
    .split('\n').slice(1).join('\n');
}
