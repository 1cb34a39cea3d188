import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/temp-repo';

/** bin/stillon.js on a bug of ours: one line and where to report it; the stack only when asked. */
describe('bin/stillon.js on an internal error', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'stillon-bin-'));
    // A repository whose apps/ is a file: reading it as a folder throws an error no command expects.
    writeFileSync(join(root, 'package.json'), '{ "private": true, "devDependencies": { "stillon-gitops": "*" } }\n');
    writeFileSync(join(root, 'apps'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const stillon = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'stillon.js'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, STILLON_DEBUG: '', STILLON_CACHE_DIR: join(root, '.cache'), ...env },
  });

  test('fails with exit 2, the error in one line and where to report it, no stack', () => {
    const result = stillon(['synth']);
    expect(result.status).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^stillon: internal error: ENOTDIR: not a directory/);
    expect(lines[1]).toMatch(/^ {2}please report it at .*stillon-gitops.* with the output of the same command run with --debug \(or STILLON_DEBUG=1\)$/);
    expect(lines).toHaveLength(2);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test.each([
    ['--debug', ['synth', '--debug'], {}],
    ['STILLON_DEBUG=1', ['synth'], { STILLON_DEBUG: '1' }],
  ])('fails with the stack trace under %s', (_name, args, env) => {
    const result = stillon(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^stillon: internal error: ENOTDIR/);
    expect(result.stderr).toMatch(/^\s+at .*discover/m);
  });
});
