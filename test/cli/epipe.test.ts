import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, removeTempRepo, runCli, tempRepo } from '../support/temp-repo';

interface Closed {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the stream that stayed open received. */
  readonly open: string;
}

/**
 * Runs `node bin/stillon.js <args>` with the read end of `closed` (stdout or stderr) shut before
 * the command writes anything: every write to it meets a closed pipe (EPIPE).
 */
function runWithClosedPipe(cwd: string, args: readonly string[], closed: 'stdout' | 'stderr' = 'stdout'): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(cwd, 'bin', 'stillon.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child[closed].destroy();
    let open = '';
    child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (chunk) => { open += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, open }));
  });
}

describe('a closed pipe', () => {
  test.each([
    [['--help']],
    [['--version']],
    [['synth', '--help']],
    [['check', '--help']],
    [['seal', '--help']],
    [['new', '--help']],
    [['init', '--help']],
  ])('ends %j quietly with its own exit code, 0, when stdout is closed', async (args) => {
    expect(await runWithClosedPipe(REPO_ROOT, args)).toEqual({ code: 0, signal: null, open: '' });
  });

  test('ends a failing command quietly with its own exit code when stderr is closed', async () => {
    expect(await runWithClosedPipe(REPO_ROOT, [], 'stderr')).toEqual({ code: 2, signal: null, open: '' });
    expect(await runWithClosedPipe(REPO_ROOT, ['synth', '--no-such-flag'], 'stderr')).toEqual({ code: 2, signal: null, open: '' });
  });

  describe('in a repository', () => {
    let repo: string;
    afterEach(() => removeTempRepo(repo));

    test('lets synth finish writing the whole tree, exit 0 and no stack trace, when nobody reads stdout', async () => {
      repo = tempRepo({ withOutput: false });
      expect(await runWithClosedPipe(repo, ['synth'])).toEqual({ code: 0, signal: null, open: '' });
      expect(runCli(repo, ['synth', '--check'])).toMatchObject({ code: 0, stderr: '' });
    });

    test('`stillon new ... | head -2` prints two lines, exits 0 without a stack trace, and scaffolds the whole app', () => {
      repo = tempRepo();
      // The first two lines come before new synthesizes the app; everything after meets a closed pipe.
      const result = spawnSync('sh', ['-c', '(node bin/stillon.js new piped --image nginx:1.27.3 --port 80; echo "exit $?" >&2) | head -2'], { cwd: repo, encoding: 'utf8' });
      expect(result.stdout).toBe('created apps/piped.ts\ncreated test/apps/piped.test.ts\n');
      expect(result.stderr).toBe('exit 0\n');
      expect(runCli(repo, ['synth', '--check'])).toMatchObject({ code: 0, stderr: '' });
      expect(runCli(repo, ['synth', '--check']).stdout).toMatch(/up to date/);
    });
  });
});
