import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, checkFixture, findings } from './fixtures';
import { CheckUsageError, check } from '../../src/check';
import { Severity } from '../../src/policy';
import { FIXTURE_APPS, FIXTURE_REPO } from '../support/fixture-repo';

describe('discovery and builds', () => {
  test('a clean repository has no finding; plain folders are read as Flux\'s generator would', () => {
    const result = checkFixture('clean');
    expect(result.violations).toEqual([]);
    expect(result.apps).toEqual([
      { name: 'blog', path: 'apps/blog', flux: 'clusters/home/blog.yaml:1', build: 'ok', objects: 6 },
      // deployment.yaml and extra/service.yaml; values.yaml is not a Kubernetes object
      { name: 'notes', path: 'apps/notes', flux: 'clusters/home/notes.yaml:1', build: 'ok', objects: 2 },
    ]);
  });

  test('fails with FluxPathMissing when a Flux Kustomization points at a missing folder', () => {
    const result = checkFixture('flux');
    expect(findings(result, 'FluxPathMissing')).toEqual([expect.objectContaining({
      app: 'missing',
      path: 'clusters/home/missing.yaml:1',
      severity: Severity.ERROR,
      message: 'spec.path ./apps/missing of Kustomization/missing does not exist (looked for apps/missing)',
    })]);
    expect(result.apps.find((a) => a.name === 'missing')?.build).toBe('missing');
  });

  test('fails with BuildFailed, not an exception, when a remote base cannot be fetched', () => {
    const result = checkFixture('flux');
    expect(findings(result, 'BuildFailed')).toEqual([expect.objectContaining({
      app: 'remote', path: 'apps/remote/kustomization.yaml', message: expect.stringMatching(/^apps\/remote does not build: .*stillon-remote-base/),
    })]);
    expect(result.apps.find((a) => a.name === 'remote')?.build).toBe('failed');
  });

  test('fails with FluxPruneUnprotectedPvc only where prune: true meets an unprotected claim', () => {
    const result = checkFixture('flux');
    expect(findings(result, 'FluxPruneUnprotectedPvc')).toEqual([expect.objectContaining({
      app: 'pruned',
      path: 'clusters/home/pruned.yaml:1',
      message: 'Kustomization/pruned prunes apps/pruned, which holds the claim(s) pruned-data without kustomize.toolkit.fluxcd.io/prune: disabled',
    })]);
    // prune: false is quiet for this rule, the claim itself is still unprotected
    expect(findings(result, 'PvcNotProtected', 'unpruned')).toHaveLength(1);
  });

  test('skips Flux Kustomizations reconciled from another source', () => {
    expect(checkFixture('flux').apps.map((a) => a.name)).not.toContain('elsewhere');
  });

  test('an overlay whose patch fixes a rule is quiet; one whose patch breaks a rule fails, pointing at the base file', () => {
    const result = checkFixture('overlay');
    expect(result.apps.map((a) => a.name)).toEqual(['app/overlays/broken', 'app/overlays/fixed']);
    expect(result.violations.filter((v) => v.app === 'app/overlays/fixed')).toEqual([]);
    expect(findings(result, 'PvcNotProtected', 'app/overlays/broken')).toEqual([expect.objectContaining({ path: 'app/base/pvc.yaml:1' })]);
    expect(findings(result, 'FloatingImageTag', 'app/overlays/broken')).toEqual([expect.objectContaining({
      path: 'app/base/deployment.yaml:1', object: expect.objectContaining({ kind: 'Deployment', name: 'edge-app' }),
    })]);
  });

  test('fails with InvalidYaml naming file and line, in a plain folder and in a kustomization', () => {
    const result = checkFixture('malformed');
    expect(findings(result, 'InvalidYaml')).toEqual([
      expect.objectContaining({ app: 'built', path: 'built/broken.yaml:4', message: expect.stringMatching(/^built\/broken.yaml:4: invalid YAML: /) }),
      expect.objectContaining({ app: 'plain', path: 'apps/plain/broken.yaml:8', message: expect.stringMatching(/^apps\/plain\/broken.yaml:8: invalid YAML: Missing closing "quote/) }),
    ]);
    // the rest of a plain folder is still judged
    expect(result.apps.find((a) => a.name === 'plain')?.objects).toBe(1);
  });

  test('reads CRLF and byte-order-mark files, with the right lines', () => {
    expect(fs.readFileSync(path.join(FIXTURES, 'encoding/apps/crlf/deployment.yaml'), 'utf8')).toContain('\r\n');
    expect(fs.readFileSync(path.join(FIXTURES, 'encoding/apps/bom/deployment.yaml'), 'utf8').charCodeAt(0)).toBe(0xfeff);
    const result = checkFixture('encoding');
    expect(result.violations.map((v) => [v.app, v.code, v.path])).toEqual([
      ['apps/bom', 'FloatingImageTag', 'apps/bom/deployment.yaml:1'],
      ['crlf', 'FloatingImageTag', 'apps/crlf/deployment.yaml:3'],
    ]);
  });

  test('a folder holding its own stillon.config.ts is another repository', () => {
    // test/fixtures/check holds broken repositories; checked from above, each is skipped
    expect(check({ rootDir: FIXTURES }).apps).toEqual([]);
  });

  test('the fixture repository, after synth, has no finding', () => {
    const result = check({ rootDir: FIXTURE_REPO });
    expect(result.violations).toEqual([]);
    expect(result.apps.map((a) => a.name)).toEqual(expect.arrayContaining([...FIXTURE_APPS]));
  });
});

describe('configuration', () => {
  test('applies severities, exceptions with their reason, and reports unused exceptions', () => {
    const result = checkFixture('config');
    expect(findings(result, 'FloatingImageTag')).toEqual([expect.objectContaining({ severity: Severity.ERROR })]);
    expect(findings(result, 'DeprecatedIngressClass')).toEqual([]);
    expect(result.rules.map((r) => r.code)).not.toContain('DeprecatedIngressClass');
    expect(result.suppressed).toEqual([expect.objectContaining({ code: 'UnexpectedHost', app: 'wiki', reason: expect.stringMatching(/since 2019/) })]);
    expect(findings(result, 'UnusedException')).toEqual([expect.objectContaining({ severity: Severity.WARNING, message: expect.stringMatching(/PlainSecret in app 'wiki' matches no finding/) })]);
  });

  test('--rule and --skip-rule narrow the rules', () => {
    expect(checkFixture('config', { rules: ['FloatingImageTag'] }).rules.map((r) => r.code)).toEqual(['FloatingImageTag']);
    expect(checkFixture('config', { skipRules: ['FloatingImageTag'] }).violations.map((v) => v.code)).not.toContain('FloatingImageTag');
  });

  describe('fails with CheckUsageError', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stillon-check-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('on an unknown rule', () => {
      expect(() => check({ rootDir: dir, rules: ['NoSuchRule'] })).toThrow(/unknown rule 'NoSuchRule'/);
    });

    test('on an exception without a reason', () => {
      fs.writeFileSync(path.join(dir, 'stillon.config.ts'), "export default { check: { exceptions: [{ app: 'a', rule: 'PlainSecret', reason: ' ' }] } };\n");
      expect(() => check({ rootDir: dir })).toThrow(CheckUsageError);
      expect(() => check({ rootDir: dir })).toThrow(/exception for PlainSecret in app 'a' has no reason/);
    });

    test('on a path that is not a folder', () => {
      expect(() => check({ rootDir: path.join(dir, 'nope') })).toThrow(/is not a folder/);
    });
  });
});
