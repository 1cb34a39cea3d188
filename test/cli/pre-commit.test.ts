import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, removeTempRepo, tempRepo } from '../support/temp-repo';

let repo: string;
beforeAll(() => {
  repo = tempRepo();
  cpSync(join(REPO_ROOT, '.githooks'), join(repo, '.githooks'), { recursive: true });
  // The hook type-checks apps/ through the tests' tsconfig (the root one builds the library only).
  cpSync(join(REPO_ROOT, 'test/tsconfig.json'), join(repo, 'test/tsconfig.json'));
  writeFileSync(join(repo, '.gitignore'), 'node_modules\n.stillon-cache/\n');
  for (const args of [['init', '-q'], ['config', 'user.email', 'test@example.test'], ['config', 'user.name', 'test'], ['config', 'core.hooksPath', '.githooks'],
    ['add', '-A'], ['commit', '-q', '--no-verify', '-m', 'start']]) git(args);
});
afterAll(() => removeTempRepo(repo));

function git(args: readonly string[]) {
  const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

/** Edits apps/echo.ts, stages it and tries to commit through the hook. */
function commitEdit(edit: (text: string) => string) {
  const file = join(repo, 'apps/echo.ts');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  git(['add', 'apps/echo.ts']);
  return git(['commit', '-q', '-m', 'edit echo']);
}

describe('.githooks/pre-commit', () => {
  test('fails a commit whose app does not type-check (a misspelled prop in a typed literal), naming the file; passes once fixed', () => {
    const refused = commitEdit((text) => text.replace('expose: false,', "expose: false,\n    healthcheckPath: '/healthz',"));
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/apps\/echo\.ts\(\d+,\d+\): error TS2561: Object literal may only specify known properties, but 'healthcheckPath' does not exist in type 'StandardAppProps'\. Did you mean to write 'healthCheckPath'\?/);
    expect(refused.stderr).toContain('pre-commit: commit refused; fix the type errors above.');
    expect(git(['log', '--format=%s']).stdout).toBe('start\n');

    // A correct edit that changes the output: type-checks, but synth --check refuses until synth ran.
    const stale = commitEdit((text) => text.replace("\n    healthcheckPath: '/healthz',", '').replace("args: ['--port', '8080']", "args: ['--port', '8080', '--quiet']"));
    expect(stale.status).toBe(1);
    expect(stale.stderr).not.toContain('type errors');
    expect(stale.stderr).toContain('pre-commit: commit refused; run `npm run synth`');

    expect(spawnSync(process.execPath, ['bin/stillon.js', 'synth'], { cwd: repo }).status).toBe(0);
    git(['add', '-A']);
    const passed = git(['commit', '-q', '-m', 'echo quiet']);
    // Git shows a hook's stdout on stderr.
    expect(passed.stderr).toMatch(/^synth --check: \d+ file\(s\) up to date\.\n$/);
    expect(passed.status).toBe(0);
  }, 300_000);
});
