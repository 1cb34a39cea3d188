import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BufferIo, colorFor, paint } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { formatFileChanges, formatViolations } from '../../src/cli/print';
import { Severity } from '../../src/errors';
import { REPO_ROOT, removeTempRepo, runCli, tempRepo } from '../support/temp-repo';

const ESC = '\u001b[';
const RED = `${ESC}31m`;
const YELLOW = `${ESC}33m`;
const GREEN = `${ESC}32m`;
const CYAN = `${ESC}36m`;
const RESET = `${ESC}39m`;

/**
 * Runs `node bin/stillon.js <args>` on a real terminal (a pseudo-terminal from util-linux
 * `script`): stdout and stderr both arrive, merged, with CRLF line ends.
 */
function onTerminal(cwd: string, args: string, env: NodeJS.ProcessEnv = {}): { code: number | null; output: string } {
  const clean = { ...process.env };
  delete clean.NO_COLOR;
  delete clean.FORCE_COLOR;
  const result = spawnSync('script', ['-qec', `node bin/stillon.js ${args}`, '/dev/null'], {
    cwd, encoding: 'utf8', env: { ...clean, TERM: 'xterm', ...env },
  });
  if (result.error) throw result.error;
  return { code: result.status, output: result.stdout.replace(/\r\n/g, '\n') };
}

describe('colour', () => {
  test('is decided once, in io.ts: a terminal has colour unless NO_COLOR is set; a pipe has none unless FORCE_COLOR', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(colorFor(tty, {})).toBe(true);
    expect(colorFor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '' })).toBe(true); // the convention: set to a non-empty value
    expect(colorFor(tty, { TERM: 'dumb' })).toBe(false);
    expect(colorFor(pipe, {})).toBe(false);
    expect(colorFor({}, {})).toBe(false);
    expect(colorFor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor(pipe, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor(tty, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });

  test('paints errors red, warnings yellow, created green, updated cyan, deleted red; nothing without colour', () => {
    const findings = [
      { code: 'A', severity: Severity.ERROR, app: 'x', message: 'm', fix: 'f' },
      { code: 'B', severity: Severity.WARNING, app: 'x', message: 'm', fix: 'f' },
    ];
    const coloured = formatViolations(findings, { color: true });
    expect(coloured).toContain(`  ${RED}error${RESET} A\n`);
    expect(coloured).toContain(`  ${YELLOW}warning${RESET} B\n`);
    expect(formatViolations(findings)).not.toContain(ESC);
    expect(formatFileChanges({ created: ['a'], updated: ['b'], deleted: ['c'] }, true))
      .toBe(`${GREEN}created${RESET} a\n${CYAN}updated${RESET} b\n${RED}deleted${RESET} c\n`);
    expect(formatFileChanges({ created: ['a'], updated: ['b'], deleted: ['c'] }, false)).toBe('created a\nupdated b\ndeleted c\n');
    expect(paint('x', 'warning', undefined)).toBe('x');
  });

  test('a command colours only the stream that shows colour', async () => {
    const io = new BufferIo(REPO_ROOT, true);
    expect(await main(['synth', '--no-such-flag'], io)).toBe(2);
    expect(io.stderr).toContain(`${RED}error${RESET} SynthUsage`);
    const plain = new BufferIo(REPO_ROOT);
    await main(['synth', '--no-such-flag'], plain);
    expect(plain.stderr).not.toContain(ESC);
  });

  test('fails a usage error in red on a terminal; in plain text with NO_COLOR or through a pipe', () => {
    const terminal = onTerminal(REPO_ROOT, 'synth --no-such-flag');
    expect(terminal.code).toBe(2);
    expect(terminal.output).toContain(`${RED}error${RESET} SynthUsage at --no-such-flag`);
    const noColor = onTerminal(REPO_ROOT, 'synth --no-such-flag', { NO_COLOR: '1' });
    expect(noColor.code).toBe(2);
    expect(noColor.output).toContain('error SynthUsage at --no-such-flag');
    expect(noColor.output).not.toContain(ESC);
    const piped = runCli(REPO_ROOT, ['synth', '--no-such-flag']);
    expect(piped.stderr).toContain('error SynthUsage at --no-such-flag');
    expect(piped.stderr).not.toContain(ESC);
  });

  describe('in a repository', () => {
    let repo: string;
    afterEach(() => removeTempRepo(repo));

    test('synth colours created, updated and deleted on a terminal, and nothing with NO_COLOR', () => {
      repo = tempRepo();
      const change = () => {
        rmSync(join(repo, 'kustomize/echo/service-echo.yaml'));
        appendFileSync(join(repo, 'kustomize/echo/deployment-echo.yaml'), '# a hand edit\n');
      };
      change();
      const plain = onTerminal(repo, 'synth', { NO_COLOR: '1' });
      expect(plain.code).toBe(0);
      expect(plain.output).toMatch(/^created kustomize\/echo\/service-echo\.yaml\nupdated kustomize\/echo\/deployment-echo\.yaml\nsynth: /);
      expect(plain.output).not.toContain(ESC);

      change();
      rmSync(join(repo, 'apps/echo.ts'));
      const coloured = onTerminal(repo, 'synth');
      expect(coloured.code).toBe(0);
      expect(coloured.output).toContain(`${CYAN}updated${RESET} apps/kustomization.yaml\n`);
      expect(coloured.output).toContain(`${RED}deleted${RESET} kustomize/echo/deployment-echo.yaml\n`);
      // The summary stays plain: it is the line scripts read.
      expect(coloured.output).toMatch(/\nsynth: 2 app\(s\); 0 created, \d+ updated, \d+ deleted, \d+ unchanged\.\n$/);
    });

    test('new colours the files it created', () => {
      repo = tempRepo();
      const result = onTerminal(repo, 'new painted --image nginx:1.27.3 --port 80');
      expect(result.code).toBe(0);
      expect(result.output).toContain(`${GREEN}created${RESET} apps/painted.ts\n`);
      expect(result.output).toContain(`${GREEN}created${RESET} kustomize/painted/deployment-painted.yaml\n`);
    });
  });
});
