import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferIo } from '../../src/cli/io';
import { USAGE, main } from '../../src/cli/main';
import { REPO_ROOT, runCli } from '../support/temp-repo';

/** Runs the CLI in-process in `cwd`; what it printed is in `io`. */
async function run(args: string[], cwd = REPO_ROOT): Promise<{ code: number; io: BufferIo }> {
  const io = new BufferIo(cwd);
  const code = await main(args, io);
  return { code, io };
}

const COMMANDS = ['synth', 'check', 'seal', 'new', 'set-image', 'import', 'init'];

describe('stillon', () => {
  test('--version and -v print the version of package.json, through the real process', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-v']) {
      expect(runCli(REPO_ROOT, [flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  test('fails bare with exit 2, the usage on stderr; --help, -h and help print it on stdout with exit 0', async () => {
    expect(runCli(REPO_ROOT, [])).toEqual({ code: 2, stdout: '', stderr: USAGE });
    for (const args of [['--help'], ['-h'], ['help']]) {
      const { code, io } = await run(args);
      expect({ code, stdout: io.stdout, stderr: io.stderr }).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    }
    expect(USAGE).toMatch(/^Usage: stillon <command> \[options\]\n/);
    for (const name of COMMANDS) expect(USAGE).toContain(`\n  ${name} `);
  });

  test.each(COMMANDS)('%s: --help, -h and `help <command>` print its usage on stdout and exit 0', async (name) => {
    const outputs: string[] = [];
    for (const args of [[name, '--help'], [name, '-h'], ['help', name]]) {
      const { code, io } = await run(args);
      expect({ code, stderr: io.stderr }).toEqual({ code: 0, stderr: '' });
      expect(io.stdout).toMatch(new RegExp(`^Usage: stillon ${name}\\b`));
      outputs.push(io.stdout);
    }
    expect(new Set(outputs).size).toBe(1);
  });

  test('fails on an unknown command or option with exit 2, in the one error format', async () => {
    const command = await run(['deploy']);
    expect(command.code).toBe(2);
    expect(command.io.stderr).toBe([
      'stillon:',
      '  error Usage at deploy',
      "    unknown command 'deploy'",
      '    fix: use one of synth, check, seal, new, set-image, import, init, mcp; see `stillon --help`',
      '1 error(s), 0 warning(s)',
      '',
    ].join('\n'));
    const option = await run(['--verbose']);
    expect(option.code).toBe(2);
    expect(option.io.stderr).toMatch(/^stillon:\n {2}error Usage at --verbose\n {4}unknown option '--verbose'\n {4}fix: see `stillon --help`\n/);
    expect((await run(['help', 'deploy'])).code).toBe(2);
  });

  test.each([
    ['synth', ['synth', '--no-such-flag'], 'SynthUsage at --no-such-flag', "Unknown option '--no-such-flag'", 'see `stillon synth --help`'],
    ['synth', ['synth', '--app'], 'SynthUsage at --app', "Option '--app <value>' argument missing", 'see `stillon synth --help`'],
    ['check', ['check', '--no-such-flag'], 'CheckUsage at --no-such-flag', "Unknown option '--no-such-flag'", 'see `stillon check --help`'],
    ['check', ['check', '--format', 'xml'], 'CheckUsage at --format', "--format must be text or json, got 'xml'", 'pass --format text or --format json'],
    ['new', ['new', '--port', '80'], 'NewUsage at <app>', 'missing the app name', 'stillon new <app> --image <image> [--port <port>]; see `stillon new --help`'],
    ['new', ['new', 'a', 'b'], 'NewUsage at b', 'expected one app name, got a b', 'pass one app name; quote a --description with spaces'],
  ])('%s: fails on a usage error with exit 2: error, code, where, what and fix, as formatViolations prints them (%j)', async (name, args, what, message, fix) => {
    const { code, io } = await run(args);
    expect(code).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr).toBe(`stillon ${name}:\n  error ${what}\n    ${message}\n    fix: ${fix}\n1 error(s), 0 warning(s)\n`);
  });

  test('fails on an unknown --option=value naming the option, never the value', async () => {
    const { code, io } = await run(['new', 'x', '--imag=hunter2']);
    expect(code).toBe(2);
    expect(io.stderr).toContain("error NewUsage at --imag\n    Unknown option '--imag'\n");
    expect(io.stderr).not.toContain('hunter2');
  });

  test('ignores --debug (a flag of bin/stillon.js) before or after the command', async () => {
    expect((await run(['--debug', 'synth', '--help'])).code).toBe(0);
    expect((await run(['synth', '--help', '--debug'])).code).toBe(0);
  });
});
