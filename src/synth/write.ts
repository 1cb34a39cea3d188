import * as path from 'node:path';
import { isOurs } from './layout';
import { Severity, StillonError, Violation } from '../errors';
import { WriteFs, defaultWriteFs, describeErrno } from '../private/files';

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
  /**
   * Paths synth cannot write or read: a folder or another file in the way, a symlink (never
   * followed), a path outside the repository, an unreadable file. Each one is an error.
   */
  readonly blocked: Violation[];
  /** Temporary files of a synth that was killed before it finished: the next write removes them. */
  readonly staleTemps: string[];
}

/**
 * `<file>.<pid>.stillon-tmp` (new content, staged) and `<file>.<pid>.old.stillon-tmp` (the file
 * it replaces or removes, kept until every rename is done): the only names synth ever cleans up.
 */
const TEMP_NAME = /\.(\d+)(\.old)?\.stillon-tmp$/;
const tempOf = (file: string): string => `${file}.${process.pid}.stillon-tmp`;
const backupOf = (file: string): string => `${file}.${process.pid}.old.stillon-tmp`;
/** A temporary file of a live process is another synth at work, unless it is this old. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Compares the desired files with the disk. `inScope` limits which of our existing files may be
 * removed (e.g. only one app's with `--app`). Never follows a symlink: a linked folder is not
 * walked, and a target path through a link is blocked.
 */
export function planWrite(rootDir: string, files: ReadonlyMap<string, string>, outputDirs: readonly string[],
  inScope: (relPath: string, content: string) => boolean = () => true, fsys: WriteFs = defaultWriteFs()): WritePlan {
  const plan = {
    files,
    current: new Map<string, string>(),
    create: [] as string[],
    update: [] as string[],
    unchanged: [] as string[],
    remove: [] as string[],
    foreign: [] as string[],
    blocked: [] as Violation[],
    staleTemps: [] as string[],
  };
  const disk = new DiskView(rootDir, fsys, plan.blocked);
  const existing = new Map<string, string>();
  const scanned = new Set<string>();
  /** Our temporary files in `dir`, and with `recursive` every output file below it. */
  const visit = (dir: string, recursive: boolean): void => {
    scanned.add(dir);
    for (const entry of disk.list(dir)) {
      const rel = path.posix.join(dir, entry.name);
      // Dirents describe the entry itself: a symlink is neither a directory nor a file here.
      if (entry.isDirectory()) {
        if (recursive) visit(rel, true);
      } else if (entry.isFile() && TEMP_NAME.test(entry.name)) {
        disk.collectIfStale(rel, plan.staleTemps);
      } else if (recursive && entry.isFile() && /\.(ya?ml|md)$/.test(entry.name)) {
        const content = disk.read(rel);
        if (content !== undefined) existing.set(rel, content);
      }
    }
  };
  for (const dir of outputDirs) {
    if (!scanned.has(dir) && disk.check(dir, 'dir') === 'present') visit(dir, true);
  }
  for (const [rel, content] of files) {
    let onDisk = existing.get(rel);
    if (onDisk === undefined) {
      // Not found by the walk (new, or outside the walked folders): look at each part of the path.
      const state = disk.check(rel, 'file');
      if (state === 'blocked') continue;
      const dir = path.posix.dirname(rel);
      if (!scanned.has(dir) && disk.check(dir, 'dir') === 'present') visit(dir, false);
      if (state === 'present') {
        onDisk = disk.read(rel);
        if (onDisk === undefined) continue;
      }
    }
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
  }
  for (const list of [plan.create, plan.update, plan.unchanged, plan.remove, plan.foreign, plan.staleTemps]) list.sort();
  return plan;
}

/** Whether applying the plan would change anything. */
export function planChanges(plan: WritePlan): boolean {
  return plan.create.length + plan.update.length + plan.remove.length > 0;
}

/**
 * Carries out a plan, all or nothing. First every new file is staged next to its target
 * (`<file>.<pid>.stillon-tmp`, written and fsynced) and every file it replaces is hard-linked to
 * a backup name; only then are the temporary files renamed into place and removed files moved to
 * their backup names. A failure while staging removes what was staged (and the folders created
 * for it); a failure while renaming puts every renamed file back (the same inodes: bytes and
 * mtimes as before). Either way the tree is as it was, and the error is a `WriteFailed`
 * StillonError naming the file, the errno and the fix. Unchanged files are never touched. Stale
 * temporary files of a killed synth are removed first.
 */
export function applyPlan(rootDir: string, plan: WritePlan, fsys: WriteFs = defaultWriteFs()): void {
  const tx = new Transaction(rootDir, fsys);
  tx.removeStale(plan.staleTemps);
  if (!planChanges(plan)) return;
  const replaced = new Set(plan.update);
  try {
    for (const rel of [...plan.create, ...plan.update]) tx.stage(rel, plan.files.get(rel)!, replaced.has(rel));
    fsys.checkpoint('staged');
    tx.commit(plan.remove);
  } catch (error) {
    throw writeFailed(error, tx.step, tx.undo());
  }
  tx.finish(plan.remove);
}

/** One write of many files: what it created, renamed and must clean up, to finish or undo it. */
class Transaction {
  /** What the write is doing, and to which path (relative): the one a failure names. */
  public step = { verb: 'write', rel: '.' };
  private readonly createdDirs: string[] = [];
  private readonly knownDirs = new Set<string>();
  private readonly staged: { rel: string; tmp: string; target: string; backup?: string }[] = [];
  /** Renames done, in order, to undo in reverse; `backup` holds the file a staged one replaced. */
  private readonly renamed: { from: string; to: string; created: boolean; backup?: string }[] = [];
  /** Files to delete at the end, whatever happens: staged temporary files and backups. */
  private readonly garbage = new Set<string>();

  constructor(private readonly rootDir: string, private readonly fsys: WriteFs) {}

  /** Best effort: garbage of a killed run, not output; a folder they cannot leave fails the write anyway. */
  removeStale(stale: readonly string[]): void {
    for (const rel of stale) {
      try {
        this.fsys.unlink(path.join(this.rootDir, rel));
        this.removeEmptyParents(path.posix.dirname(rel));
      } catch {
        // left for the next run
      }
    }
  }

  stage(rel: string, content: string, replaces: boolean): void {
    const target = path.join(this.rootDir, rel);
    this.ensureDir(path.posix.dirname(rel));
    this.step = { verb: 'write', rel };
    const tmp = tempOf(target);
    const fd = this.fsys.openExclusive(tmp);
    this.garbage.add(tmp);
    try {
      this.fsys.write(fd, content);
      this.fsys.fsync(fd);
    } finally {
      this.fsys.close(fd);
    }
    let backup: string | undefined;
    if (replaces) {
      backup = backupOf(target);
      this.fsys.link(target, backup);
      this.garbage.add(backup);
    }
    this.staged.push({ rel, tmp, target, backup });
  }

  commit(removals: readonly string[]): void {
    for (const s of this.staged) {
      this.step = { verb: 'rename into place', rel: s.rel };
      this.fsys.rename(s.tmp, s.target);
      this.garbage.delete(s.tmp);
      this.renamed.push({ from: s.tmp, to: s.target, created: !s.backup, backup: s.backup });
    }
    // Removals last, and reversible until the end: each file moves to its backup name.
    for (const rel of removals) {
      this.step = { verb: 'remove', rel };
      const target = path.join(this.rootDir, rel);
      const backup = backupOf(target);
      this.fsys.rename(target, backup);
      this.garbage.add(backup);
      this.renamed.push({ from: target, to: backup, created: false });
    }
  }

  /** Puts the tree back as it was; returns what could not be undone (relative paths). */
  undo(): string[] {
    const failed: string[] = [];
    const attempt = (file: string, step: () => void): void => {
      try {
        step();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') failed.push(path.relative(this.rootDir, file).split(path.sep).join('/'));
      }
    };
    for (const r of [...this.renamed].reverse()) {
      const backup = r.backup;
      if (r.created) {
        attempt(r.to, () => this.fsys.unlink(r.to));
      } else if (backup) {
        attempt(r.to, () => this.fsys.rename(backup, r.to)); // the old inode back in place
        this.garbage.delete(backup);
      } else {
        attempt(r.from, () => this.fsys.rename(r.to, r.from)); // a removal
        this.garbage.delete(r.to);
      }
    }
    for (const file of this.garbage) attempt(file, () => this.fsys.unlink(file));
    for (const dir of [...this.createdDirs].reverse()) attempt(dir, () => this.fsys.rmdir(dir));
    return failed;
  }

  /** After every rename: backups go, and folders that removals emptied. Best effort: the output is complete. */
  finish(removals: readonly string[]): void {
    for (const file of this.garbage) {
      try {
        this.fsys.unlink(file);
      } catch {
        // a stale temporary file now, removed by the next run
      }
    }
    for (const rel of removals) {
      try {
        this.removeEmptyParents(path.posix.dirname(rel));
      } catch {
        // an empty folder left behind: Git does not see it
      }
    }
  }

  private ensureDir(relDir: string): void {
    if (relDir === '.' || this.knownDirs.has(relDir)) return;
    this.ensureDir(path.posix.dirname(relDir));
    const abs = path.join(this.rootDir, relDir);
    this.step = { verb: 'create the folder', rel: relDir };
    try {
      this.fsys.mkdir(abs);
      this.createdDirs.push(abs);
    } catch (error) {
      // planWrite checked that whatever is there is a real folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    this.knownDirs.add(relDir);
  }

  private removeEmptyParents(relDir: string): void {
    // Stop below the top-level output folder: `kustomize/` itself stays.
    for (let dir = relDir; dir.includes('/'); dir = path.posix.dirname(dir)) {
      const abs = path.join(this.rootDir, dir);
      if (!this.fsys.lstat(abs)?.isDirectory() || this.fsys.readdir(abs).length > 0) return;
      this.fsys.rmdir(abs);
    }
  }
}

function writeFailed(error: unknown, step: { verb: string; rel: string }, notUndone: readonly string[]): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return error; // not an I/O condition: a bug, reported as one
  const outcome = notUndone.length
    ? `undoing the write failed too for ${notUndone.join(', ')}, so the output may be incomplete until synth runs again`
    : 'nothing was changed';
  const { verb, rel } = step;
  return new StillonError('WriteFailed', rel, `could not ${verb} ${rel}: ${describeErrno(code)} (${code}); ${outcome}`, fixFor(code, path.posix.dirname(rel)));
}

function fixFor(code: string, dir: string): string {
  switch (code) {
    case 'EPERM':
    case 'EACCES':
      return `make ${dir} writable (check its owner and mode, and \`lsattr\`: an immutable folder needs \`chattr -i\`), then run synth again`;
    case 'EROFS':
      return 'the file system is mounted read-only: remount it read-write, then run synth again';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space on the disk (or raise the quota), then run synth again';
    case 'EIO':
      return 'the disk reported an error: check it (dmesg) before you run synth again';
    default:
      return `something in ${dir} changed while synth ran or cannot be written: look at it, then run synth again`;
  }
}

/** lstat-only looks at the output paths, each folder once, with problems recorded as violations. */
class DiskView {
  private readonly kinds = new Map<string, 'missing' | 'dir' | 'file' | 'link' | 'other'>();
  private readonly reported = new Set<string>();

  constructor(private readonly rootDir: string, private readonly fsys: WriteFs, private readonly blocked: Violation[]) {}

  /**
   * Whether `rel` can be written as a `want`: `present` (it is one), `missing` (it, or a folder
   * above it, does not exist yet) or `blocked` (a violation was recorded).
   */
  check(rel: string, want: 'file' | 'dir'): 'present' | 'missing' | 'blocked' {
    if (rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel)) {
      return this.block(rel, 'OutputOutsideRepository', `${rel} is outside the repository`, 'keep every path of stillon.config.ts inside the repository');
    }
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      const kind = this.kind(sub);
      const last = i === parts.length;
      if (kind === undefined) return 'blocked';
      if (kind === 'missing') return 'missing';
      if (kind === 'link') {
        return this.block(sub, 'SymlinkedOutput', `${sub} is a symbolic link; synth writes only real folders and files inside the repository and never follows a link`,
          `replace ${sub} with a real ${last && want === 'file' ? 'file' : 'folder'} (or remove the link), then run synth again`);
      }
      if (last && want === 'file' && kind === 'dir') {
        return this.block(sub, 'OutputIsDirectory', `${sub} is a folder, but synth writes a file there`, 'move the folder away (or delete it), then run synth again');
      }
      if (last ? kind !== (want === 'file' ? 'file' : 'dir') : kind !== 'dir') {
        const what = kind === 'file' ? 'a file' : 'not a regular file or folder';
        return this.block(sub, 'OutputPathBlocked', `${sub} is ${what}, but synth needs a ${!last || want === 'dir' ? 'folder' : 'file'} there${last ? '' : ` (for ${rel})`}`,
          `move ${sub} away (or delete it), then run synth again`);
      }
    }
    return 'present';
  }

  list(dir: string): { name: string; isDirectory(): boolean; isFile(): boolean }[] {
    try {
      return this.fsys.readdir(path.join(this.rootDir, dir));
    } catch (error) {
      this.unreadable(dir, error);
      return [];
    }
  }

  read(rel: string): string | undefined {
    try {
      return this.fsys.readFile(path.join(this.rootDir, rel));
    } catch (error) {
      this.unreadable(rel, error);
      return undefined;
    }
  }

  /** Adds a temporary file of ours to `stale` unless a live synth may still be writing it. */
  collectIfStale(rel: string, stale: string[]): void {
    const pid = Number(TEMP_NAME.exec(rel)![1]);
    let alive = false;
    if (pid > 0 && pid !== process.pid) {
      try {
        alive = process.kill(pid, 0);
      } catch (error) {
        alive = (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
      }
    }
    const mtime = alive ? this.fsys.lstat(path.join(this.rootDir, rel))?.mtimeMs : undefined;
    if (!alive || (mtime !== undefined && Date.now() - mtime > STALE_AFTER_MS)) stale.push(rel);
  }

  private kind(rel: string): 'missing' | 'dir' | 'file' | 'link' | 'other' | undefined {
    let kind = this.kinds.get(rel);
    if (kind) return kind;
    try {
      const stat = this.fsys.lstat(path.join(this.rootDir, rel));
      kind = !stat ? 'missing' : stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
    } catch (error) {
      this.unreadable(rel, error);
      return undefined;
    }
    this.kinds.set(rel, kind);
    return kind;
  }

  private unreadable(rel: string, error: unknown): void {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (typeof code !== 'string') throw error;
    this.block(rel, 'OutputUnreadable', `cannot read ${rel}: ${describeErrno(code)} (${code})`, `make ${rel} readable, then run synth again`);
  }

  private block(rel: string, code: string, message: string, fix: string): 'blocked' {
    if (!this.reported.has(rel)) this.blocked.push({ code, severity: Severity.ERROR, path: rel, message, fix });
    this.reported.add(rel);
    return 'blocked';
  }
}
