import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { FIXTURES, checkFixture, findings } from './fixtures';
import { CheckResult, check } from '../../src/check';
import { Severity } from '../../src/policy';
import { REPO_ROOT, readTree } from '../support/temp-repo';

/**
 * test/fixtures/check/clusters: one repository feeding two clusters (clusters/old and clusters/new,
 * each with the flux-system/ of `flux bootstrap`), modelled on issue 12: blog and wiki on both,
 * shop-staging and shop-production on old (both serving shop.home.example: the one real
 * duplicate), a folder of retired Flux files nothing reaches, and on new a SealedSecret copied
 * from old (sealed with old's certificate) and a dependsOn on old's infrastructure.
 */
const FIXTURE = path.join(FIXTURES, 'clusters');
const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'src', 'check', 'check-output.schema.json'), 'utf8'));

/** The fingerprint as openssl prints it (`sha256 Fingerprint=AB:...`), independently of node:crypto. */
function opensslFingerprint(file: string): string {
  const out = spawnSync('openssl', ['x509', '-in', file, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
  expect(out.status).toBe(0);
  return out.stdout.trim().replace(/^[^=]*=/, '');
}
const OLD = opensslFingerprint(path.join(FIXTURE, 'sealed-secrets/old/cert.pem'));
const NEW = opensslFingerprint(path.join(FIXTURE, 'certs/new-cluster.pem'));

const summary = (result: CheckResult) => result.violations.map((v) => [v.cluster ?? '-', v.app ?? '-', v.code, v.path]);

/** A copy of the fixture to change, under os.tmpdir(). */
function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stillon-check-clusters-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('a repository feeding two clusters', () => {
  const result = checkFixture('clusters');

  test('finds each Flux root written by flux bootstrap, with its sealing certificate (configured, or the default path)', () => {
    expect(result.clusters).toEqual([
      { name: 'new', root: 'clusters/new', flux: 'clusters/new/flux-system/gotk-sync.yaml:16', certificate: { file: 'certs/new-cluster.pem', fingerprint: NEW } },
      { name: 'old', root: 'clusters/old', flux: 'clusters/old/flux-system/gotk-sync.yaml:16', certificate: { file: 'sealed-secrets/old/cert.pem', fingerprint: OLD } },
    ]);
  });

  test('follows the Flux graph from each root: every app once per cluster, built with kubectl kustomize', () => {
    expect(result.apps.map((a) => [a.cluster, a.name, a.path, a.flux, a.build, a.objects])).toEqual([
      ['new', 'blog', 'apps/blog/overlays/new', 'clusters/new/apps.yaml:2', 'ok', 4],
      ['new', 'flux-system', 'clusters/new', 'clusters/new/flux-system/gotk-sync.yaml:16', 'ok', 5],
      ['new', 'wiki', 'apps/wiki', 'clusters/new/apps.yaml:17', 'ok', 3],
      ['old', 'blog', 'apps/blog/overlays/old', 'clusters/old/apps.yaml:2', 'ok', 4],
      ['old', 'flux-system', 'clusters/old', 'clusters/old/flux-system/gotk-sync.yaml:16', 'ok', 8],
      ['old', 'sealed-secrets', 'infrastructure/sealed-secrets', 'clusters/old/infrastructure.yaml:2', 'ok', 2],
      ['old', 'shop-production', 'apps/shop/production', 'clusters/old/apps.yaml:43', 'ok', 3],
      ['old', 'shop-staging', 'apps/shop/staging', 'clusters/old/apps.yaml:30', 'ok', 3],
      ['old', 'wiki', 'apps/wiki', 'clusters/old/apps.yaml:17', 'ok', 3],
    ]);
  });

  test('reports exactly these findings, per cluster', () => {
    expect(summary(result)).toEqual([
      ['-', '-', 'UnreachableKustomization', 'retired/blog.yaml:2'],
      ['-', '-', 'UnreachableKustomization', 'retired/gitea.yaml:2'],
      ['-', '-', 'UnreachableKustomization', 'retired/media.yaml:2'],
      ['new', 'blog', 'SealedForAnotherCluster', 'apps/blog/overlays/new/blog-env.yaml:1'],
      ['new', 'blog', 'DependsOnMissing', 'clusters/new/apps.yaml:2'],
      ['old', 'shop-production', 'DuplicateHost', 'apps/shop/base/ingress.yaml:1'],
      ['old', 'shop-staging', 'DuplicateHost', 'apps/shop/base/ingress.yaml:1'],
      // the staging patch's `add` is the bug: its Ingress serves production's host too
      ['old', 'shop-staging', 'UnexpectedHost', 'apps/shop/base/ingress.yaml:1'],
    ]);
    expect(result.suppressed.map((v) => [v.cluster, v.app, v.code])).toEqual([['old', 'shop-production', 'UnexpectedHost']]);
  });

  test('an app on both clusters is no duplicate host and no object in two apps', () => {
    expect(findings(result, 'DuplicateHost').filter((v) => v.app === 'blog' || v.app === 'wiki')).toEqual([]);
    expect(findings(result, 'ObjectInTwoApps')).toEqual([]);
  });

  test('fails with DuplicateHost on the real duplicate: two apps of one cluster serving one host', () => {
    expect(findings(result, 'DuplicateHost')).toEqual([
      expect.objectContaining({ cluster: 'old', app: 'shop-production', severity: Severity.ERROR, message: 'host shop.home.example is claimed by shop-production (Ingress/shop), shop-staging (Ingress/shop)' }),
      expect.objectContaining({ cluster: 'old', app: 'shop-staging', object: expect.objectContaining({ namespace: 'shop-staging', name: 'shop' }) }),
    ]);
  });

  test('warns UnreachableKustomization once per file nothing reaches, naming it, instead of FluxPathMissing', () => {
    expect(findings(result, 'FluxPathMissing')).toEqual([]);
    const unreachable = findings(result, 'UnreachableKustomization');
    expect(unreachable.map((v) => [v.app, v.cluster])).toEqual([[undefined, undefined], [undefined, undefined], [undefined, undefined]]);
    expect(unreachable).toEqual([
      expect.objectContaining({ severity: Severity.WARNING, message: expect.stringMatching(/^retired\/blog.yaml holds Kustomization\/blog, which no Flux root reaches \(clusters\/new, clusters\/old\)/) }),
      expect.objectContaining({ message: expect.stringMatching(/^retired\/gitea.yaml holds Kustomization\/gitea,/) }),
      expect.objectContaining({ message: expect.stringMatching(/^retired\/media.yaml holds Kustomization\/jellyfin, Kustomization\/sonarr, .*Flux never applies them$/) }),
    ]);
    expect(result.apps.map((a) => a.name)).not.toEqual(expect.arrayContaining(['gitea']));
  });

  test('fails with DependsOnMissing where a dependsOn names a Kustomization the cluster does not have', () => {
    expect(findings(result, 'DependsOnMissing')).toEqual([expect.objectContaining({
      cluster: 'new',
      app: 'blog',
      message: 'Kustomization/blog depends on flux-system/sealed-secrets, which is no Flux Kustomization of cluster \'new\': Flux never reconciles blog there',
    })]);
  });

  test('fails with SealedForAnotherCluster on a SealedSecret sealed with the other cluster\'s certificate, naming both', () => {
    const [finding, ...rest] = findings(result, 'SealedForAnotherCluster');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ cluster: 'new', severity: Severity.ERROR, object: { kind: 'SealedSecret', namespace: 'blog', name: 'blog-env' } });
    expect(finding.message).toBe(`SealedSecret/blog-env was sealed with the certificate of cluster 'old' (${OLD}) but is applied in cluster 'new', whose certificate certs/new-cluster.pem is ${NEW}: its controller cannot open it`);
    expect(finding.fix).toMatch(/stillon seal --cluster new.*apply the file only in cluster old$/);
  });

  test('prints findings grouped by app and cluster, and counts the clusters', async () => {
    const out = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'stillon.js'), 'check', FIXTURE], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/^\(repository\):\n {2}warning UnreachableKustomization Kustomization\/flux-system\/blog \(retired\/blog.yaml:2\)\n/);
    expect(out.stdout).toContain('\nshop-staging (cluster old):\n  error DuplicateHost Ingress/shop-staging/shop (apps/shop/base/ingress.yaml:1)\n');
    expect(out.stdout).toContain('\n  UnexpectedHost shop-production Ingress/shop (cluster old): production is served');
    expect(out.stdout).toMatch(/\ncheck failed: 4 error\(s\), 4 warning\(s\), 1 accepted by exceptions; 9 app\(s\) in 2 cluster\(s\), 35 object\(s\)\n$/);
  });

  test('--format json validates against the schema and carries the cluster of each app and finding', () => {
    const out = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'stillon.js'), 'check', 'test/fixtures/check/clusters', '--format', 'json'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(out.status).toBe(1);
    const doc = JSON.parse(out.stdout);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(doc)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(doc.summary).toEqual({ errors: 4, warnings: 4, suppressed: 1, apps: 9, objects: 35, clusters: 2 });
    expect(doc.clusters).toEqual([
      { name: 'new', root: 'clusters/new', flux: 'clusters/new/flux-system/gotk-sync.yaml:16', certificate: 'certs/new-cluster.pem', fingerprint: NEW },
      { name: 'old', root: 'clusters/old', flux: 'clusters/old/flux-system/gotk-sync.yaml:16', certificate: 'sealed-secrets/old/cert.pem', fingerprint: OLD },
    ]);
    expect(doc.apps[0]).toEqual({ cluster: 'new', name: 'blog', path: 'apps/blog/overlays/new', flux: 'clusters/new/apps.yaml:2', build: 'ok', objects: 4 });
    expect(doc.findings.map((f: any) => f.cluster ?? null)).toEqual([null, null, null, 'new', 'new', 'old', 'old', 'old']);
    expect(doc.findings[0]).toMatchObject({ code: 'UnreachableKustomization', app: null, file: 'retired/blog.yaml', line: 2 });
    expect(doc.suppressed[0]).toMatchObject({ cluster: 'old', app: 'shop-production', reason: expect.stringMatching(/^production/) });
  });
});

describe('roots by layout, and what check never guesses', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyFixture();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('two clusters/<name>/ folders without flux-system are two roots, judged alike', () => {
    for (const c of ['old', 'new']) fs.rmSync(path.join(dir, 'clusters', c, 'flux-system'), { recursive: true });
    const result = check({ rootDir: dir });
    expect(result.clusters?.map((c) => [c.name, c.root, c.flux])).toEqual([['new', 'clusters/new', undefined], ['old', 'clusters/old', undefined]]);
    expect(result.apps.filter((a) => a.name === 'flux-system').map((a) => [a.cluster, a.flux, a.objects])).toEqual([['new', undefined, 2], ['old', undefined, 5]]);
    expect(summary(result)).toEqual(summary(checkFixture('clusters')));
  });

  test('one clusters/home/ folder alone stays the one-cluster layout: no clusters, no cluster fields', () => {
    const result = checkFixture('clean');
    expect(result.clusters).toBeUndefined();
    expect(result.apps.every((a) => !('cluster' in a))).toBe(true);
  });

  test('a dead file listed under a root is reached: its path is then judged (FluxPathMissing)', () => {
    fs.renameSync(path.join(dir, 'retired', 'gitea.yaml'), path.join(dir, 'clusters', 'old', 'gitea.yaml'));
    const result = check({ rootDir: dir });
    expect(findings(result, 'UnreachableKustomization').map((v) => v.path)).toEqual(['retired/blog.yaml:2', 'retired/media.yaml:2']);
    expect(findings(result, 'FluxPathMissing')).toEqual([expect.objectContaining({ cluster: 'old', app: 'gitea', path: 'clusters/old/gitea.yaml:2' })]);
  });

  test('a cluster whose certificate the repository does not hold is not judged for SealedForAnotherCluster', () => {
    fs.rmSync(path.join(dir, 'certs', 'new-cluster.pem'));
    const result = check({ rootDir: dir });
    expect(result.clusters?.find((c) => c.name === 'new')?.certificate).toBeUndefined();
    expect(findings(result, 'SealedForAnotherCluster')).toEqual([]);
  });

  test('a SealedSecret sealed with a certificate of no known cluster is still not this cluster\'s', () => {
    const file = path.join(dir, 'apps/blog/overlays/new/blog-env.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(OLD, `sha256 Fingerprint=${'AB:'.repeat(31)}AB`));
    expect(findings(check({ rootDir: dir }), 'SealedForAnotherCluster')).toEqual([expect.objectContaining({
      cluster: 'new', message: expect.stringMatching(/^SealedSecret\/blog-env was sealed with a certificate that is not this cluster's \(sha256 Fingerprint=AB:AB/),
    })]);
  });

  test('matches fingerprints whatever their case or openssl prefix', () => {
    const file = path.join(dir, 'apps/blog/overlays/new/blog-env.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(OLD, `"sha256 Fingerprint=${NEW.toLowerCase()}"`));
    expect(findings(check({ rootDir: dir }), 'SealedForAnotherCluster')).toEqual([]);
  });

  test('fails with exit 2, naming the file, when a cluster\'s certificate is not a certificate; nothing changes on disk', () => {
    fs.writeFileSync(path.join(dir, 'certs', 'new-cluster.pem'), 'not a certificate\n');
    const before = readTree(dir);
    const out = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'stillon.js'), 'check', dir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/CheckUsage at .*\n.*\[certs\/new-cluster.pem\] SealCertificateInvalid: the sealing certificate of cluster 'new' is not a PEM X.509 certificate/);
    expect(out.stderr).toMatch(/fix: .*kubeseal --fetch-cert > certs\/new-cluster.pem/);
    expect(readTree(dir)).toEqual(before);
  });
});
