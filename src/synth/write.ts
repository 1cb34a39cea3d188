import * as fs from 'node:fs';
import * as path from 'node:path';
import { isOurs } from './layout';
import { readTextIfExists } from '../private/files';

/** What synth would do to the disk; computed before anything is written. */
export interface WritePlan {
  /** Desired content of every file in scope, by path relative to the root. */
  readonly files: ReadonlyMap<string, string>;
  /** Current content of our files in scope (for diffs). */
  readonly current: ReadonlyMap<string, string>;
  readonly create: string[];
  readonly update: string[];
  readonly unchanged: string[];
  /** Our files that synth no longer produces. */
  readonly remove: string[];
  /** Paths synth would write that hold a file without our header: never touched. */
  readonly foreign: string[];
  /** Removals of PersistentVolumeClaims: refused without --allow-pvc-removal. */
  readonly pvcRemovals: string[];
}

/**
 * Compares the desired files with the disk. `inScope` limits which of our existing files may be
 * removed (e.g. only one app's with `--app`).
 */
export function planWrite(rootDir: string, files: ReadonlyMap<string, string>, outputDirs: readonly string[],
  inScope: (relPath: string, content: string) => boolean = () => true): WritePlan {
  const plan = {
    files,
    current: new Map<string, string>(),
    create: [] as string[],
    update: [] as string[],
    unchanged: [] as string[],
    remove: [] as string[],
    foreign: [] as string[],
    pvcRemovals: [] as string[],
  };
  const existing = new Map<string, string>();
  for (const dir of outputDirs) {
    for (const rel of walk(rootDir, dir)) existing.set(rel, fs.readFileSync(path.join(rootDir, rel), 'utf8'));
  }
  for (const [rel, content] of files) {
    const onDisk = existing.get(rel) ?? readTextIfExists(path.join(rootDir, rel));
    if (onDisk === undefined) {
      plan.create.push(rel);
    } else if (!isOurs(onDisk)) {
      plan.foreign.push(rel);
    } else {
      plan.current.set(rel, onDisk);
      (onDisk === content ? plan.unchanged : plan.update).push(rel);
    }
  }
  for (const [rel, content] of existing) {
    if (files.has(rel) || !isOurs(content) || !inScope(rel, content)) continue;
    plan.current.set(rel, content);
    plan.remove.push(rel);
    if (/^kind: PersistentVolumeClaim$/m.test(content)) plan.pvcRemovals.push(rel);
  }
  for (const list of [plan.create, plan.update, plan.unchanged, plan.remove, plan.foreign, plan.pvcRemovals]) list.sort();
  return plan;
}

/** Whether applying the plan would change anything. */
export function planChanges(plan: WritePlan): boolean {
  return plan.create.length + plan.update.length + plan.remove.length > 0;
}

/**
 * Carries out a plan: each file written to a temporary name and renamed over the target (a
 * crash never leaves half a manifest), unchanged files untouched (their mtime kept), removed
 * files' emptied folders deleted.
 */
export function applyPlan(rootDir: string, plan: WritePlan): void {
  for (const rel of [...plan.create, ...plan.update]) {
    const target = path.join(rootDir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.stillon-tmp`;
    fs.writeFileSync(tmp, plan.files.get(rel)!);
    fs.renameSync(tmp, target);
  }
  for (const rel of plan.remove) {
    fs.unlinkSync(path.join(rootDir, rel));
    removeEmptyParents(rootDir, path.posix.dirname(rel));
  }
}

function removeEmptyParents(rootDir: string, relDir: string): void {
  // Stop below the top-level output folder: `kustomize/` itself stays.
  for (let dir = relDir; dir.includes('/'); dir = path.posix.dirname(dir)) {
    const abs = path.join(rootDir, dir);
    if (!fs.existsSync(abs) || fs.readdirSync(abs).length > 0) return;
    fs.rmdirSync(abs);
  }
}


/** Every .yaml/.yml/.md file below `dir`, relative to the root with `/`. */
function walk(rootDir: string, dir: string): string[] {
  const abs = path.join(rootDir, dir);
  if (!fs.existsSync(abs)) return [];
  const result: string[] = [];
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) result.push(...walk(rootDir, rel));
    else if (entry.isFile() && /\.(ya?ml|md)$/.test(entry.name)) result.push(rel);
  }
  return result;
}
