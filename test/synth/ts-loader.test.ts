/**
 * bin/ts-loader.js in real processes: the cache lives in the repository being synthesized (the
 * `root` given to register(), by default the working directory), keys are relative to that root,
 * the batch transpiles the root's apps and config plus the package's own .ts sources only where
 * they exist (a dev checkout), and an entry that does not verify is rebuilt, never run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/temp-repo';

const ENTRY_HEADER = '// stillon-cache sha256=';
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stillon-loader-${prefix}-`));
  made.push(dir);
  return dir;
}

function put(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/**
 * A package folder as installed (`bin/ts-loader.js`, precompiled, no .ts) or as a dev checkout
 * (`src/*.ts` beside it), with its dependencies linked.
 */
function packageDir(devSources: Record<string, string> = {}): string {
  const pkg = tempDir('pkg');
  mkdirSync(join(pkg, 'bin'));
  copyFileSync(join(REPO_ROOT, 'bin', 'ts-loader.js'), join(pkg, 'bin', 'ts-loader.js'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  put(pkg, devSources);
  return pkg;
}

/** A user's repository with `apps/<name>.ts` for each name, each default-exporting its name. */
function userRepo(names: readonly string[], extra: Record<string, string> = {}): string {
  const root = tempDir('repo');
  put(root, Object.fromEntries(names.map((n) => [`apps/${n}.ts`, `const name: string = '${n}';\nexport default name;\n`])));
  put(root, extra);
  return root;
}

/**
 * Loads `apps/<app>.ts` of `root` through the loader of `pkg` in a new node process started in
 * `cwd`; `register` is the argument passed to register() (none when undefined).
 */
function load(pkg: string, root: string, app: string, options: { cwd?: string; register?: string; cacheDir?: string } = {}) {
  const script = `require(${JSON.stringify(join(pkg, 'bin', 'ts-loader.js'))}).register(${options.register ?? ''});
process.stdout.write(String(require(${JSON.stringify(join(root, 'apps', `${app}.ts`))}).default));`;
  const env = { ...process.env };
  delete env.STILLON_CACHE_DIR;
  if (options.cacheDir) env.STILLON_CACHE_DIR = options.cacheDir;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: options.cwd ?? root, encoding: 'utf8', env, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const entries = (cacheDir: string): string[] => (existsSync(join(cacheDir, 'ts')) ? readdirSync(join(cacheDir, 'ts')).filter((f) => f.endsWith('.js')).sort() : []);
const verifies = (text: string): boolean => {
  const newline = text.indexOf('\n');
  return text.startsWith(ENTRY_HEADER) && text.slice(ENTRY_HEADER.length, newline) === createHash('sha256').update(text.slice(newline + 1)).digest('hex');
};

describe('register({ root })', () => {
  test('caches under <root>/.stillon-cache/, not in the package and not in the working directory', () => {
    const pkg = packageDir();
    const root = userRepo(['hello']);
    const elsewhere = tempDir('cwd');
    expect(load(pkg, root, 'hello', { cwd: elsewhere, register: `{ root: ${JSON.stringify(root)} }` })).toEqual({ code: 0, stdout: 'hello', stderr: '' });
    expect(entries(join(root, '.stillon-cache'))).toHaveLength(1);
    expect(existsSync(join(elsewhere, '.stillon-cache'))).toBe(false);
    expect(existsSync(join(pkg, '.stillon-cache'))).toBe(false);
  });

  test('without options takes the working directory as the root', () => {
    const pkg = packageDir();
    const root = userRepo(['hello']);
    expect(load(pkg, root, 'hello')).toEqual({ code: 0, stdout: 'hello', stderr: '' });
    expect(entries(join(root, '.stillon-cache'))).toHaveLength(1);
    expect(existsSync(join(pkg, '.stillon-cache'))).toBe(false);
  });

  test('STILLON_CACHE_DIR overrides the folder; keys are relative to the root, so two copies share entries', () => {
    const pkg = packageDir();
    const cacheDir = tempDir('cache');
    const [one, two] = [userRepo(['hello']), userRepo(['hello'])];
    expect(load(pkg, one, 'hello', { register: `{ root: ${JSON.stringify(one)} }`, cacheDir }).stdout).toBe('hello');
    const first = entries(cacheDir);
    expect(first).toHaveLength(1);
    expect(load(pkg, two, 'hello', { register: `{ root: ${JSON.stringify(two)} }`, cacheDir }).stdout).toBe('hello');
    expect(entries(cacheDir)).toEqual(first);
    expect(existsSync(join(one, '.stillon-cache'))).toBe(false);
  });

  test('the first miss transpiles the root\'s apps and stillon.config.ts in one batch, and the package\'s src/ only in a dev checkout', () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'];
    const config = { 'stillon.config.ts': 'export default {} as object;\n', 'src/own.ts': 'export const own: number = 1;\n' };
    const installed = userRepo(names, config);
    expect(load(packageDir(), installed, 'a1').code).toBe(0);
    // Nine apps and the config; the user's own src/ is not scanned (it is transpiled when required).
    expect(entries(join(installed, '.stillon-cache'))).toHaveLength(10);

    const dev = userRepo(names, config);
    const pkg = packageDir({ 'src/index.ts': 'export const a: number = 1;\n', 'src/cli/main.ts': 'export const b: number = 2;\n', 'imports/k8s.ts': 'export const c: number = 3;\n' });
    expect(load(pkg, dev, 'a1').code).toBe(0);
    expect(entries(join(dev, '.stillon-cache'))).toHaveLength(13);
  });
});

describe('cache entries are verified', () => {
  test('an entry starts with a digest of its code; an error still names the line of the .ts file', () => {
    const pkg = packageDir();
    const root = userRepo([], { 'apps/broken.ts': 'const x: number = 1;\n\nthrow new Error(String(x));\n' });
    const result = load(pkg, root, 'broken');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/apps\/broken\.ts:3\b/);
    const [entry] = entries(join(root, '.stillon-cache'));
    expect(verifies(readFileSync(join(root, '.stillon-cache', 'ts', entry), 'utf8'))).toBe(true);
  });

  test.each([
    ['zero-length', () => ''],
    ['truncated', (good: string) => good.slice(0, good.length - 40)],
    ['garbage', () => '\u0000\u0001\u00ff'.repeat(500)],
    ['headed by a digest that does not match', (good: string) => good.replace("'hello'", "'HIJACKED'")],
    ['in the old format (no header)', (good: string) => good.slice(good.indexOf('\n') + 1).replace("'hello'", "'stale'")],
  ])('rebuilds an entry that is %s, and the module runs as its source says', (_kind, corrupt) => {
    const pkg = packageDir();
    const root = userRepo(['hello']);
    expect(load(pkg, root, 'hello').stdout).toBe('hello');
    const [name] = entries(join(root, '.stillon-cache'));
    const file = join(root, '.stillon-cache', 'ts', name);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, corrupt(good));
    expect(load(pkg, root, 'hello')).toEqual({ code: 0, stdout: 'hello', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(good);
  });
});
