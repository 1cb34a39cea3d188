import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from '../support/temp-repo';

/**
 * The package as a user gets it: `npm pack` of this checkout, installed into a new git repository
 * with npm's cache (or the registry) as the only source, then the README's first steps and the
 * daily loop, each as the user would type it. One test: every step needs the one before.
 */

const { version, peerDependencies } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string> };

/** The user's environment: none of this checkout's npm run context, no CI (jest may write new snapshots). */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|CI$|JEST_|STILLON_)/i.test(key) && !/^npm_config_(cache|registry)$/i.test(key)) continue;
    env[key] = value;
  }
  // Our own node_modules/.bin (put there by `npm test`) must not answer for the user's `stillon`.
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.startsWith(REPO_ROOT)).join(delimiter);
  return { ...env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.org', NO_UPDATE_NOTIFIER: '1' };
}

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function run(cwd: string, command: string, args: readonly string[], expectCode = 0): Run {
  const result = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: 300_000 });
  if (result.error) throw result.error;
  const out: Run = { code: result.status, stdout: result.stdout, stderr: result.stderr };
  if (out.code !== expectCode) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${out.code} (expected ${expectCode})\n--- stdout\n${out.stdout.slice(-4000)}\n--- stderr\n${out.stderr.slice(-4000)}`);
  }
  return out;
}

/** The paths a command says it wrote: its `created <path>` and `updated <path>` lines. */
function reported(output: string): string[] {
  return [...output.matchAll(/^(?:created|updated) (\S+)$/gm)].map((m) => m[1]);
}

/** Every changed or new path, one a line (untracked folders listed file by file). */
function gitChanges(repo: string): string[] {
  return run(repo, 'git', ['status', '--porcelain', '-uall']).stdout.split('\n').filter(Boolean).map((line) => line.slice(3)).sort();
}

const npmInstall = ['install', '--prefer-offline', '--no-audit', '--no-fund'];

describe('the package', () => {
  let work: string;
  beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'stillon-pack-')); });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('npm pack → install → stillon init → synth → test → stillon new gitea → test, as a user', () => {
    // 1. The tarball (prepack compiles src/ into a fresh dist/).
    run(REPO_ROOT, 'npm', ['pack', '--pack-destination', work, '--silent']);
    const tarball = join(work, `stillon-gitops-${version}.tgz`);
    expect(existsSync(tarball)).toBe(true);

    // 2. A new git repository with the tarball and the peers installed, committed as the user's.
    const repo = join(work, 'gitops');
    mkdirSync(repo);
    run(repo, 'git', ['init', '-q', '-b', 'main']);
    run(repo, 'npm', [...npmInstall, tarball, ...Object.entries(peerDependencies).map(([name, range]) => `${name}@${range}`)]);
    run(repo, 'git', ['add', 'package.json', 'package-lock.json']);
    run(repo, 'git', ['commit', '-q', '-m', 'stillon-gitops installed']);

    // What was installed is compiled JavaScript: no src/, no .ts but declarations.
    const installed = join(repo, 'node_modules', 'stillon-gitops');
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    expect(readdirSync(join(installed, 'dist')).sort()).toEqual(['imports', 'src']);
    expect(tsSources(installed)).toEqual([]);

    // 3. stillon init: says which ingress it chose, lists what it wrote.
    const init = run(repo, 'npx', ['stillon', 'init']);
    expect(init.stdout).toMatch(/^ {2}ingress: traefik \(the controller k3s ships with/m);
    const initFiles = reported(init.stdout);
    expect(init.stdout).toMatch(/^updated package\.json$/m);
    expect(initFiles).toEqual(expect.arrayContaining([
      'package.json', 'tsconfig.json', 'stillon.config.ts', 'apps/hello.ts', 'test/apps/hello.test.ts', '.githooks/pre-commit',
      '.github/workflows/ci.yaml', '.gitignore', 'README.md', 'clusters/my-cluster/stillon-apps.yaml', 'apps/kustomization.yaml', 'apps/hello.yaml',
    ]));
    expect(init.stdout).toContain('npm install');
    // init added the test tools to package.json: the user installs them, as init says.
    run(repo, 'npm', npmInstall);

    // 4. The daily loop: synth has nothing left to do, the tests pass and write the first snapshot.
    run(repo, 'npm', ['run', 'synth']);
    const firstTest = run(repo, 'npm', ['test']);
    expect(firstTest.stderr).toMatch(/1 snapshot written/);

    // 5. A new app, and its snapshot test.
    const created = run(repo, 'npx', ['stillon', 'new', 'gitea', '--image', 'gitea/gitea:1.22.3', '--port', '3000', '--volume', '/data=5Gi']);
    const newFiles = reported(created.stdout);
    expect(newFiles).toEqual(expect.arrayContaining(['apps/gitea.ts', 'test/apps/gitea.test.ts', 'kustomize/gitea/persistentvolumeclaim-gitea-data.yaml']));
    const secondTest = run(repo, 'npm', ['test']);
    expect(secondTest.stderr).toMatch(/1 snapshot written/);
    expect(secondTest.stderr).toMatch(/Tests: +2 passed, 2 total/);

    // What CI runs after npm test.
    run(repo, 'npx', ['stillon', 'synth', '--check']);
    run(repo, 'npx', ['stillon', 'check']);

    // 6. Git sees what init and new reported, the two snapshots jest wrote, and the lock file of
    // the `npm install` init asked for: nothing else (no cache, no build info, no stray file).
    expect(gitChanges(repo)).toEqual([...new Set([
      ...initFiles, ...newFiles, 'package-lock.json',
      'test/apps/__snapshots__/hello.test.ts.snap', 'test/apps/__snapshots__/gitea.test.ts.snap',
    ])].sort());

    // 7. The public API from the user's folder: require, the types (through `exports`), internals closed.
    const api = run(repo, 'node', ['-e', "const m = require('stillon-gitops'); console.log(typeof m.StandardApp, typeof m.Testing.synth)"]);
    expect(api.stdout.trim()).toBe('function function');
    const internal = run(repo, 'node', ['-e', "require('stillon-gitops/dist/src/cli/main.js')"], 1);
    expect(internal.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    writeFileSync(join(repo, '.stillon-cache', 'api.ts'), [
      "import { StandardApp, Testing, defineApp } from 'stillon-gitops';",
      "const app = defineApp('api', (chart) => { new StandardApp(chart, 'api', { image: 'nginx:1.27.3', port: 80 }); });",
      'export const files: Record<string, string> = Testing.synth(app).files;',
      '',
    ].join('\n'));
    for (const resolution of ['node10', 'node16']) {
      const module = resolution === 'node16' ? 'node16' : 'commonjs';
      run(repo, 'npx', ['tsc', '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', '--module', module, '--moduleResolution', resolution, '.stillon-cache/api.ts']);
    }

    // 8. The hook: everything above commits; a misspelled prop does not.
    run(repo, 'git', ['config', 'core.hooksPath', '.githooks']);
    run(repo, 'git', ['add', '-A']);
    run(repo, 'git', ['commit', '-q', '-m', 'stillon init, stillon new gitea']);
    const gitea = join(repo, 'apps', 'gitea.ts');
    writeFileSync(gitea, readFileSync(gitea, 'utf8').replace('port: 3000,', "port: 3000,\n    healthcheckPath: '/api/healthz',"));
    const refused = run(repo, 'git', ['commit', '-q', '-a', '-m', 'typo'], 1);
    expect(refused.stdout + refused.stderr).toMatch(/healthcheckPath/);
    expect(refused.stderr).toContain('pre-commit: commit refused; fix the type errors above.');
  }, 900_000);
});

/** `.ts` files that are not declarations, relative to `dir`. */
function tsSources(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsSources(dir, path);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [path] : [];
  });
}
