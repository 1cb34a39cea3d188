/**
 * Faults under synth, through the real CLI process: a full disk, an I/O error or a read-only
 * folder at each stage of a write (injected through the writer's file-system seam with the
 * STILLON_FAULT test hook: we run as root, and `chmod 0555` does not stop root; a real
 * `chattr +i` where the machine allows it), a folder or a symlink in the way, a kill between
 * staging and renaming, and corrupt transpile-cache entries. Each case asserts the exit code, a
 * message naming the problem, no stack trace, and a tree byte-identical afterwards (or, where the
 * run succeeds, exactly the output of a clean synth).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliResult, isOutput, readTree, removeTempRepo, runCli, tempRepo, treeText } from '../support/temp-repo';

const STACK = /\n\s+at .*:\d+:\d+\)?\n/;
/** A pid above Linux's pid_max (2^22): never a live process. */
const DEAD_PID = 2 ** 22 + 4242;

let repo: string;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  removeTempRepo(repo);
});

/** A new tag on every image: every Deployment and the inventory change (5 files). */
function bumpEveryImage(root: string): void {
  for (const file of readdirSync(join(root, 'apps')).filter((f) => f.endsWith('.ts'))) {
    const abs = join(root, 'apps', file);
    writeFileSync(abs, readFileSync(abs, 'utf8').replace(/(image: '[^':]+:)([^']+)'/g, "$1$2-next'"));
  }
}

/** A fourth app, `zeta` (a copy of echo): its folder and files are all new. */
function addApp(root: string): void {
  writeFileSync(join(root, 'apps', 'zeta.ts'), readFileSync(join(root, 'apps', 'echo.ts'), 'utf8').replace(/'echo'/g, "'zeta'").replace('/echo:', '/zeta:'));
}

/** The echo app (no claim) deleted: its files are removed. */
function removeApp(root: string): void {
  unlinkSync(join(root, 'apps', 'echo.ts'));
}

/** `stillon synth` (or other `args`) with the writer's test hook set: `spec` as faultyWriteFs reads it. */
function synthWithFault(spec: string, args: readonly string[] = ['synth']): CliResult {
  process.env.STILLON_FAULT = spec;
  try {
    return runCli(repo, args);
  } finally {
    delete process.env.STILLON_FAULT;
  }
}

/** What a clean synth writes after `edit`, in a fresh copy: what a successful run must leave. */
const cleanOutputs = new Map<(root: string) => void, Record<string, string>>();
function cleanOutput(edit: (root: string) => void): Record<string, string> {
  if (!cleanOutputs.has(edit)) cleanOutputs.set(edit, synthesizedOutput(edit));
  return cleanOutputs.get(edit)!;
}

function synthesizedOutput(edit: (root: string) => void): Record<string, string> {
  const reference = tempRepo();
  try {
    edit(reference);
    expect(runCli(reference, ['synth']).code).toBe(0);
    return treeText(reference, isOutput);
  } finally {
    removeTempRepo(reference);
  }
}

/**
 * Runs `run`, expecting exit 1 with `code` and `words` on stderr, no stack trace and not one byte
 * or mtime changed (in the tree `snapshot` reads: by default the whole repository).
 */
function refused(code: string, words: RegExp, run: () => CliResult, snapshot: () => Map<string, unknown> = () => readTree(repo)): CliResult {
  const before = snapshot();
  const result = run();
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: expect.stringContaining(code) });
  expect(result.stderr).toMatch(words);
  expect(result.stderr).toContain('nothing was written');
  expect(result.stderr).not.toMatch(STACK);
  expect(snapshot()).toEqual(before);
  return result;
}

/** readTree, with a symlink recorded as where it points instead of read through (readTree reads a linked folder as a file). */
function treeWithLinks(root: string, dir = ''): Map<string, unknown> {
  const files = new Map<string, unknown>();
  for (const entry of readdirSync(join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${entry}` : entry;
    if (!dir && ['node_modules', '.stillon-cache'].includes(entry)) continue;
    const stat = lstatSync(join(root, rel));
    if (stat.isSymbolicLink()) files.set(rel, `-> ${readlinkSync(join(root, rel))}`);
    else if (stat.isDirectory()) for (const [k, v] of treeWithLinks(root, rel)) files.set(k, v);
    else files.set(rel, { sha256: createHash('sha256').update(readFileSync(join(root, rel))).digest('hex'), mtimeMs: stat.mtimeMs });
  }
  return files;
}

const tempFiles = (root: string): string[] => [...readTree(root).keys()].filter((rel) => rel.endsWith('.stillon-tmp'));

describe('a write that fails part way leaves the tree as it was', () => {
  test.each([
    ['EPERM on the first temporary file', 'openExclusive:1:EPERM', /could not write docs\/apps\.md: operation not permitted \(EPERM\); nothing was changed/],
    ['ENOSPC part way through staging', 'write:3:ENOSPC', /could not write kustomize\/echo\/deployment-echo\.yaml: no space left on device \(ENOSPC\)[^]*free some space/],
    ['EIO on an fsync', 'fsync:2:EIO', /could not write kustomize\/bookmarks\/deployment-bookmarks\.yaml: i\/o error \(EIO\)[^]*check it/],
    ['EPERM keeping a replaced file for the undo', 'link:4:EPERM', /operation not permitted \(EPERM\)[^]*chattr -i/],
    ['EROFS once everything is staged', 'checkpoint:staged:EROFS', /read-only file system \(EROFS\)[^]*remount it read-write/],
    ['EIO on the first rename', 'rename:1:EIO', /could not rename into place docs\/apps\.md: i\/o error \(EIO\); nothing was changed/],
    ['ENOSPC on the last rename, after four', 'rename:5:ENOSPC', /could not rename into place kustomize\/reader\/deployment-reader\.yaml: no space left on device \(ENOSPC\); nothing was changed/],
  ])('fails with WriteFailed on %s while every image is bumped', (_what, spec, words) => {
    repo = tempRepo();
    bumpEveryImage(repo);
    refused('WriteFailed', words, () => synthWithFault(spec));
    // And once the disk is fine, the same synth completes.
    expect(runCli(repo, ['synth']).code).toBe(0);
    expect(treeText(repo, isOutput)).toEqual(cleanOutput(bumpEveryImage));
  });

  test('fails with WriteFailed on ENOSPC at a new app\'s kustomization.yaml: none of its files and no folder of it stay', () => {
    repo = tempRepo();
    addApp(repo);
    // Staged in order: apps/zeta.yaml, kustomize/zeta/deployment-zeta.yaml, kustomize/zeta/kustomization.yaml, ...
    refused('WriteFailed', /could not write kustomize\/zeta\/kustomization\.yaml: no space left on device \(ENOSPC\)/, () => synthWithFault('openExclusive:3:ENOSPC'));
    expect(existsSync(join(repo, 'kustomize', 'zeta'))).toBe(false);
  });

  test('fails with WriteFailed on EIO while removing a deleted app\'s files: every file is back', () => {
    repo = tempRepo();
    removeApp(repo);
    // Two files are rewritten (the Flux list, the inventory), then echo's five files are removed.
    refused('WriteFailed', /could not remove apps\/echo\.yaml: i\/o error \(EIO\); nothing was changed/, () => synthWithFault('rename:3:EIO'));
    refused('WriteFailed', /could not remove kustomize\/echo\/kustomization\.yaml: i\/o error \(EIO\); nothing was changed/, () => synthWithFault('rename:5:EIO'));
    expect(readdirSync(join(repo, 'kustomize', 'echo')).sort()).toEqual(['deployment-echo.yaml', 'kustomization.yaml', 'service-echo.yaml']);
  });

  test('fails with WriteFailed in every mode: synth --app and stillon new (whose app file is taken back)', () => {
    repo = tempRepo();
    bumpEveryImage(repo);
    refused('WriteFailed', /could not rename into place kustomize\/echo\/deployment-echo\.yaml: no space left on device \(ENOSPC\)/, () => synthWithFault('rename:2:ENOSPC', ['synth', '--app', 'echo']));
    const result = refused('WriteFailed', /no space left on device \(ENOSPC\)/, () => synthWithFault('rename:2:ENOSPC', ['new', 'zeta', '--image', 'nginx:1.27.3', '--port', '80']));
    expect(result.stderr).toContain('apps/zeta.ts was removed again');
  });

  const immutable = (() => {
    const probe = mkdtempSync(join(tmpdir(), 'stillon-chattr-'));
    try {
      execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
      execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();
  // A real read-only folder, not an injected one, where this machine allows it (root, ext4 or xfs).
  (immutable ? test : test.skip)('fails with WriteFailed on a real immutable folder (chattr +i) after two files were staged', () => {
    repo = tempRepo();
    bumpEveryImage(repo);
    const folder = join(repo, 'kustomize', 'echo');
    execFileSync('chattr', ['+i', folder]);
    cleanups.push(() => execFileSync('chattr', ['-i', folder]));
    refused('WriteFailed', /could not write kustomize\/echo\/deployment-echo\.yaml: operation not permitted \(EPERM\)[^]*make kustomize\/echo writable/, () => runCli(repo, ['synth']));
  });
});

describe('synth never writes through what is in the way', () => {
  test('fails with OutputIsDirectory for a folder where an output file goes (no EISDIR stack trace)', () => {
    repo = tempRepo();
    bumpEveryImage(repo);
    unlinkSync(join(repo, 'kustomize/echo/deployment-echo.yaml'));
    mkdirSync(join(repo, 'kustomize/echo/deployment-echo.yaml'));
    writeFileSync(join(repo, 'kustomize/echo/deployment-echo.yaml/notes.txt'), 'mine\n');
    const result = refused('OutputIsDirectory', /kustomize\/echo\/deployment-echo\.yaml is a folder, but synth writes a file there[^]*move the folder away/, () => runCli(repo, ['synth']));
    expect(result.stderr).not.toContain('EISDIR');
  });

  test('fails with OutputIsDirectory under synth --check and synth --app too', () => {
    repo = tempRepo();
    unlinkSync(join(repo, 'kustomize/echo/service-echo.yaml'));
    mkdirSync(join(repo, 'kustomize/echo/service-echo.yaml'));
    refused('OutputIsDirectory', /kustomize\/echo\/service-echo\.yaml is a folder/, () => runCli(repo, ['synth', '--check']));
    const result = refused('OutputIsDirectory', /kustomize\/echo\/service-echo\.yaml is a folder/, () => runCli(repo, ['synth', '--app', 'echo']));
    expect(result.stdout).toBe('');
  });

  test('fails with SymlinkedOutput for an app folder linked to a folder outside the repository, and writes nothing there', () => {
    repo = tempRepo();
    bumpEveryImage(repo);
    const outside = mkdtempSync(join(tmpdir(), 'stillon-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    renameSync(join(repo, 'kustomize/echo'), join(outside, 'echo'));
    symlinkSync(join(outside, 'echo'), join(repo, 'kustomize/echo'), 'dir');
    const outsideBefore = readTree(outside);
    refused('SymlinkedOutput', /kustomize\/echo is a symbolic link[^]*replace kustomize\/echo with a real folder/, () => runCli(repo, ['synth']), () => treeWithLinks(repo));
    expect(readTree(outside)).toEqual(outsideBefore);
  });

  test('fails with SymlinkedOutput for an output file linked to a file outside the repository, and leaves that file alone', () => {
    repo = tempRepo();
    bumpEveryImage(repo);
    const outside = mkdtempSync(join(tmpdir(), 'stillon-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    renameSync(join(repo, 'kustomize/echo/deployment-echo.yaml'), join(outside, 'deployment-echo.yaml'));
    symlinkSync(join(outside, 'deployment-echo.yaml'), join(repo, 'kustomize/echo/deployment-echo.yaml'));
    const outsideBefore = readTree(outside);
    refused('SymlinkedOutput', /kustomize\/echo\/deployment-echo\.yaml is a symbolic link[^]*with a real file/, () => runCli(repo, ['synth']));
    expect(readTree(outside)).toEqual(outsideBefore);
  });
});

describe('a synth killed between staging and renaming is finished by the next one', () => {
  test('removes temporary files an earlier, killed synth left, also when nothing else changes', () => {
    repo = tempRepo();
    const left = [`kustomize/echo/deployment-echo.yaml.${DEAD_PID}.stillon-tmp`, `kustomize/echo/service-echo.yaml.${DEAD_PID}.old.stillon-tmp`, `docs/apps.md.${DEAD_PID}.stillon-tmp`, `apps/echo.yaml.${DEAD_PID}.stillon-tmp`];
    for (const rel of left) writeFileSync(join(repo, rel), '');
    writeFileSync(join(repo, 'kustomize/echo/notes.stillon-tmp'), 'not ours: another name\n');
    const before = readTree(repo);
    const result = runCli(repo, ['synth']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/0 created, 0 updated, 0 \w+, 25 unchanged/);
    expect(readTree(repo)).toEqual(new Map([...before].filter(([rel]) => !left.includes(rel))));
  });

  test.each([
    ['after every file is staged (kill-after-stage)', 'kill-after-stage', 10],
    ['after two of five renames', 'rename:3:SIGKILL', 10 - 2],
  ])('kill -9 %s: the next synth removes the temporary files and writes the complete new output', (_when, spec, leftOver) => {
    repo = tempRepo();
    bumpEveryImage(repo);
    const killed = synthWithFault(spec);
    expect(killed.code).toBeNull(); // killed by a signal
    // Five staged files and five backups of the files they replace, less what was renamed.
    expect(tempFiles(repo)).toHaveLength(leftOver);
    const result = runCli(repo, ['synth']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(tempFiles(repo)).toEqual([]);
    expect(treeText(repo, isOutput)).toEqual(cleanOutput(bumpEveryImage));
  });
});

describe('a corrupt transpile-cache entry is rebuilt, never run', () => {
  const ENTRY_HEADER = '// stillon-cache sha256=';
  /** `stillon <args>` with a cache of this test's own (runCli shares one across the test file). */
  const withCache = (cache: string, args: readonly string[]): CliResult => {
    const result = spawnSync(process.execPath, [join(repo, 'bin', 'stillon.js'), ...args], {
      cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, STILLON_CACHE_DIR: cache },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** The cache entries whose code matches: the transpiled StandardApp construct and the echo app. */
  const entriesOf = (cache: string): string[] => readdirSync(join(cache, 'ts'))
    .map((name) => join(cache, 'ts', name))
    .filter((file) => /class StandardApp extends|registry\.example\.test\/echo:/.test(readFileSync(file, 'utf8')));
  const verifies = (file: string): boolean => {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    return text.startsWith(ENTRY_HEADER) && text.slice(ENTRY_HEADER.length, newline) === createHash('sha256').update(text.slice(newline + 1)).digest('hex');
  };

  test.each([
    ['zero-length', (_text: string) => ''],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['garbage', (text: string) => createHash('sha512').update(text).digest('base64').repeat(40)],
  ])('synth passes with a %s entry, and the entry is rebuilt', (_kind, corrupt) => {
    repo = tempRepo();
    const cache = mkdtempSync(join(tmpdir(), 'stillon-cache-faults-'));
    cleanups.push(() => rmSync(cache, { recursive: true, force: true }));
    expect(withCache(cache, ['synth']).code).toBe(0);
    const entries = entriesOf(cache);
    expect(entries).toHaveLength(2);
    const good = entries.map((file) => readFileSync(file, 'utf8'));
    entries.forEach((file, i) => writeFileSync(file, corrupt(good[i])));
    const before = readTree(repo);
    const result = withCache(cache, ['synth']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/synth: 3 app\(s\); 0 created, 0 updated, 0 \w+, 25 unchanged/);
    expect(readTree(repo)).toEqual(before);
    expect(entries.map((file) => readFileSync(file, 'utf8'))).toEqual(good);
    expect(entries.every(verifies)).toBe(true);
  });
});
