import * as fs from 'node:fs';
import * as os from 'node:os';
import * as util from 'node:util';

/** A file's text, or undefined when there is no such file: one read, no separate exists check. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The few file-system calls synth's writer makes, and nothing else: a seam, so that tests inject
 * a full disk or a read-only folder at the Nth call instead of needing one (we run as root, and
 * `chmod 0555` does not stop root). Synchronous on purpose: synth is one synchronous pass.
 */
export interface WriteFs {
  /** The entry itself, never what a symlink points at; undefined when there is none. */
  lstat(file: string): fs.Stats | undefined;
  readdir(dir: string): fs.Dirent[];
  readFile(file: string): string;
  /** One folder, not its parents: the writer records each folder it creates, to remove it again. */
  mkdir(dir: string): void;
  /** Creates the file, failing when anything (a file, a symlink) already has that name. */
  openExclusive(file: string): number;
  write(fd: number, text: string): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  link(existing: string, newPath: string): void;
  unlink(file: string): void;
  rmdir(dir: string): void;
  /** A named point of the write (`staged`: every temporary file is written, nothing renamed yet). */
  checkpoint(name: string): void;
}

/** The real file system. */
export const NODE_WRITE_FS: WriteFs = {
  lstat: (file) => fs.lstatSync(file, { throwIfNoEntry: false }),
  readdir: (dir) => fs.readdirSync(dir, { withFileTypes: true }),
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  mkdir: (dir) => fs.mkdirSync(dir),
  openExclusive: (file) => fs.openSync(file, 'wx'),
  write: (fd, text) => {
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
  },
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  link: (existing, newPath) => fs.linkSync(existing, newPath),
  unlink: (file) => fs.unlinkSync(file),
  rmdir: (dir) => fs.rmdirSync(dir),
  checkpoint: () => undefined,
};

/** An error as node:fs throws it, for an errno name such as `ENOSPC`. */
export function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const errno = (os.constants.errno as Record<string, number>)[code];
  const error: NodeJS.ErrnoException = new Error(`${code}: ${describeErrno(code)}, ${syscall} '${file}'`);
  Object.assign(error, { code, errno: errno === undefined ? undefined : -errno, syscall, path: file });
  return error;
}

/** `ENOSPC` → `no space left on device`, as libuv words it. */
export function describeErrno(code: string): string {
  for (const [name, message] of util.getSystemErrorMap().values()) if (name === code) return message;
  return code;
}

/**
 * A WriteFs that fails as told: `spec` is a comma-separated list of `<call>:<n>:<ERRNO>` (the nth
 * call of `rename`, `write`, `openExclusive`... throws that errno, e.g. `rename:3:ENOSPC`),
 * `<call>:<n>:SIGKILL` (the process is killed at that call, before it runs) or
 * `checkpoint:<name>:<ERRNO|SIGKILL>`; `kill-after-stage` is `checkpoint:staged:SIGKILL`.
 */
export function faultyWriteFs(spec: string, inner: WriteFs = NODE_WRITE_FS): WriteFs {
  const faults = new Map<string, Map<number, string>>();
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [call, nth, what] = (item === 'kill-after-stage' ? 'checkpoint:staged:SIGKILL' : item).split(':');
    if (!(call in inner) || !what || (call !== 'checkpoint' && !/^[1-9]\d*$/.test(nth ?? ''))) throw new Error(`STILLON_FAULT: cannot read '${item}' (expected <call>:<n>:<ERRNO>, e.g. rename:3:ENOSPC)`);
    // Checkpoints are counted by name (`checkpoint:staged`), file-system calls by call.
    const key = call === 'checkpoint' ? `checkpoint:${nth}` : call;
    if (!faults.has(key)) faults.set(key, new Map());
    faults.get(key)!.set(call === 'checkpoint' ? 1 : Number(nth), what);
  }
  const counts = new Map<string, number>();
  const hit = (key: string, syscall: string, file: string): void => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const what = faults.get(key)?.get(n);
    if (what === 'SIGKILL') process.kill(process.pid, 'SIGKILL');
    if (what) throw errnoError(what, syscall, file);
  };
  const wrapped = {} as Record<string, unknown>;
  for (const [call, fn] of Object.entries(inner) as [keyof WriteFs, (...args: any[]) => any][]) {
    wrapped[call] = (...args: any[]) => {
      hit(call === 'checkpoint' ? `checkpoint:${args[0]}` : call, call, typeof args[0] === 'string' ? args[0] : `fd ${args[0]}`);
      return fn(...args);
    };
  }
  return wrapped as unknown as WriteFs;
}

let fromEnvironment: { spec: string; fs: WriteFs } | undefined;

/**
 * The file system the writer uses by default: node:fs, unless the test hook `STILLON_FAULT` is set
 * (see faultyWriteFs), which lets an end-to-end test make the real CLI process meet a full disk,
 * an I/O error or a kill between staging and renaming. One instance a process, so that calls are
 * counted across planning and writing.
 */
export function defaultWriteFs(): WriteFs {
  const spec = process.env.STILLON_FAULT;
  if (!spec) return NODE_WRITE_FS;
  if (fromEnvironment?.spec !== spec) fromEnvironment = { spec, fs: faultyWriteFs(spec) };
  return fromEnvironment.fs;
}
