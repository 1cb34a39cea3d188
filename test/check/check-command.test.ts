import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { FIXTURES } from './fixtures';
import { BufferIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'check', 'check-output.schema.json'), 'utf8'));

async function run(...args: string[]): Promise<{ code: number; io: BufferIo }> {
  const io = new BufferIo(FIXTURES);
  const code = await main(['check', ...args], io);
  return { code, io };
}

describe('stillon check', () => {
  test('exits 0 on a clean repository, with a summary line', async () => {
    const { code, io } = await run('clean');
    expect(code).toBe(0);
    expect(io.stdout).toBe('check passed: 0 error(s), 0 warning(s), 0 accepted by exceptions; 2 app(s), 8 object(s)\n');
  });

  test('fails with exit 1, grouping findings by app with code, severity, object, file:line and fix', async () => {
    const { code, io } = await run('flux');
    expect(code).toBe(1);
    expect(io.stdout).toContain([
      'pruned:',
      '  error PvcNotProtected PersistentVolumeClaim/pruned-data (apps/pruned/pvc.yaml:1)',
    ].join('\n'));
    expect(io.stdout).toMatch(/\n {4}fix: use ProtectedPvc/);
    expect(io.stdout).toMatch(/check failed: 5 error\(s\), 0 warning\(s\)/);
  });

  test('warnings alone exit 0, and 1 with --strict', async () => {
    expect((await run('encoding')).code).toBe(0);
    const strict = await run('encoding', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.io.stdout).toMatch(/check failed: 0 error\(s\), 2 warning\(s\).*\(strict: warnings fail\)/);
  });

  test('--rule and --skip-rule narrow the run', async () => {
    expect((await run('flux', '--rule', 'FluxPathMissing')).io.stdout).toMatch(/check failed: 1 error\(s\)/);
    expect((await run('flux', '--skip-rule', 'PvcNotProtected', '--skip-rule', 'FluxPruneUnprotectedPvc')).io.stdout).toMatch(/check failed: 2 error\(s\)/);
  });

  test.each([
    [['--format', 'xml']],
    [['--rule', 'NoSuchRule']],
    [['does-not-exist']],
    [['a', 'b']],
    [['--no-such-flag']],
  ])('exits 2 on usage or I/O errors: %j', async (args) => {
    const { code, io } = await run(...args);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/^stillon check:\n {2}error CheckUsage at .*\n {4}.*\n {4}fix: /);
  });

  describe('--format json', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);

    test.each(['clean', 'flux', 'overlay', 'malformed', 'encoding', 'config', 'rules/missing-reference'])('matches the schema on %s', async (fixture) => {
      const { io } = await run(fixture, '--format', 'json');
      const doc = JSON.parse(io.stdout);
      expect(validate.errors ?? []).toEqual([]);
      expect(validate(doc)).toBe(true);
    });

    test('gives file and line apart, the object, and the verdict', async () => {
      const { code, io } = await run(path.join('rules', 'pvc-not-protected'), '--format', 'json', '--rule', 'PvcNotProtected');
      expect(code).toBe(1);
      const doc = JSON.parse(io.stdout);
      expect(doc).toMatchObject({ schemaVersion: 1, passed: false, strict: false, summary: { errors: 2, warnings: 0, suppressed: 0, apps: 2 } });
      expect(doc.findings[0]).toEqual({
        code: 'PvcNotProtected',
        severity: 'error',
        app: 'fires',
        object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'bare' },
        file: 'fires/pvc.yaml',
        line: 1,
        message: expect.stringMatching(/lacks the finalizer/),
        fix: expect.stringMatching(/ProtectedPvc/),
      });
      expect(doc.rules).toEqual([expect.objectContaining({ code: 'PvcNotProtected', severity: 'error' })]);
    });

    test('lists suppressed findings with their reason', async () => {
      const doc = JSON.parse((await run('config', '--format', 'json')).io.stdout);
      expect(doc.suppressed).toEqual([expect.objectContaining({ code: 'UnexpectedHost', reason: expect.stringMatching(/since 2019/) })]);
    });
  });
});
