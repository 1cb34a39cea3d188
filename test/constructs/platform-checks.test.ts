import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Conventions, HelmChart, RemoteManifests, STILLON_PROFILE, Testing, defineApp, resolveConventions } from '../../src';
import { check } from '../../src/check';
import { isCommit, isDigest, isExactVersion, isFloatingTag } from '../../src/constructs/platform-checks';
import { PLATFORM, PLATFORM_APPS } from '../fixtures/platform';
import { emptyRoot, removeRoot, renderDefinition, synthApps } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';
import { readTree, treeText } from '../support/temp-repo';

/** The Stillon profile on a cluster whose platform is the fixture's four apps. */
const ON_CLUSTER: Conventions = {
  ...STILLON_PROFILE,
  cluster: { name: 'home', root: 'clusters/home', sealingCertificate: 'sealed-secrets/home/cert.pem', platform: PLATFORM },
};

const CERT_MANAGER = { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.17.2' };
const GIT = { git: { url: 'https://github.com/org/repo', tag: 'v1.0.0' } };

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

describe('the platform fixture', () => {
  test('Testing.synth gives each platform app its Flux Kustomization, which waits, and no finding', () => {
    for (const definition of PLATFORM_APPS) {
      const { files, violations } = Testing.synth(definition, { rootDir: root, conventions: STILLON_PROFILE });
      expect({ app: definition.name, violations }).toEqual({ app: definition.name, violations: [] });
      const flux = parse(files[`apps/${definition.name}.yaml`]);
      expect(flux.spec.wait).toBe(true);
      expect(schemaValidator().validate(flux)).toEqual([]);
    }
    // On a cluster that lists them as its platform, still nothing to report.
    for (const definition of PLATFORM_APPS) expect(renderDefinition(definition, root, ON_CLUSTER).violations).toEqual([]);
  });

  test('Testing.synth output of every app builds with real kubectl kustomize into schema-valid objects, Namespaces only in namespaces/', () => {
    const written = emptyRoot();
    const tested = emptyRoot();
    try {
      for (const definition of PLATFORM_APPS) {
        for (const [rel, content] of Object.entries(Testing.synth(definition, { rootDir: root, conventions: STILLON_PROFILE }).files)) {
          mkdirSync(dirname(join(tested, rel)), { recursive: true });
          writeFileSync(join(tested, rel), content);
        }
      }
      const result = synthApps(written, PLATFORM_APPS);
      expect(result.violations).toEqual([]);
      expect(result.wrote).toBe(true);
      const kinds: string[] = [];
      for (const app of PLATFORM) {
        const built = spawnSync('kubectl', ['kustomize', `kustomize/${app}`], { cwd: tested, encoding: 'utf8', timeout: 60_000 });
        expect({ app, status: built.status, stderr: built.stderr }).toEqual({ app, status: 0, stderr: '' });
        for (const object of parseAllDocuments(built.stdout, { version: '1.1' }).map((d) => d.toJS())) {
          const where = `${app}: ${object.kind}/${object.metadata.name}`;
          kinds.push(`${object.kind}/${object.metadata.namespace ?? '-'}/${object.metadata.name}`);
          expect({ where, errors: schemaValidator().validate(object) }).toEqual({ where, errors: [] });
        }
      }
      expect(kinds.sort()).toEqual([
        'ClusterIssuer/-/letsencrypt-prod',
        'ClusterIssuer/-/letsencrypt-staging',
        'GitRepository/ingress-nginx/ingress-nginx',
        'HelmRelease/cert-manager/cert-manager',
        'HelmRelease/kube-system/sealed-secrets-controller',
        'HelmRepository/cert-manager/cert-manager',
        'HelmRepository/kube-system/sealed-secrets-controller',
        'Kustomization/ingress-nginx/ingress-nginx',
      ]);
      // kube-system and cert-manager (borrowed by cluster-issuers) are not written twice, or at all.
      expect(readdirSync(join(tested, 'namespaces')).sort()).toEqual(['cert-manager.yaml', 'ingress-nginx.yaml']);
      // What the user's tests see is what synth writes.
      for (const [rel, content] of Object.entries(treeText(tested))) expect({ rel, content }).toEqual({ rel, content: readFileSync(join(written, rel), 'utf8') });

      // stillon check reads the same tree as Flux would and finds nothing wrong with it.
      const checked = check({ rootDir: written, conventions: STILLON_PROFILE });
      expect(checked.violations).toEqual([]);
    } finally {
      removeRoot(written);
      removeRoot(tested);
    }
  });
});

describe('PlatformNotAwaited', () => {
  const helm = (flux: object) => defineApp('cert-manager', { flux }, (app) => { new HelmChart(app, 'cert-manager', CERT_MANAGER); });
  const remote = (flux: object) => defineApp('cert-manager', { flux }, (app) => {
    new RemoteManifests(app, 'a', GIT);
    new RemoteManifests(app, 'b', GIT);
  });

  test('is a warning on an app that applies a HelmRelease without waiting', () => {
    expect(renderDefinition(helm({}), root).violations).toEqual([expect.objectContaining({
      code: 'PlatformNotAwaited',
      severity: 'warning',
      app: 'cert-manager',
      path: 'cert-manager/flux',
      message: expect.stringContaining('applies HelmRelease/cert-manager without waiting'),
      fix: expect.stringContaining('wait: true'),
    })]);
  });

  test('fails synth on a platform app of the cluster told not to wait, naming the cluster; once per app, listing what it applies', () => {
    const violations = renderDefinition(remote({ wait: false }), root, ON_CLUSTER).violations;
    expect(violations).toEqual([expect.objectContaining({
      code: 'PlatformNotAwaited',
      severity: 'error',
      message: expect.stringMatching(/applies Kustomization\/a, Kustomization\/b without waiting.*every other app of cluster 'home' depends on/),
    })]);
    const written = emptyRoot();
    try {
      const before = readTree(written);
      const conventions = resolveConventions({ clusters: { home: { platform: ['cert-manager'] } } });
      // Synth makes a platform app wait unless it says otherwise: only an explicit wait: false is left to catch.
      expect(synthApps(written, [remote({})], { conventions, check: true }).violations).toEqual([]);
      const synthed = synthApps(written, [remote({ wait: false })], { conventions });
      expect(synthed.violations).toEqual([expect.objectContaining({ code: 'PlatformNotAwaited', severity: 'error', message: expect.stringContaining("cluster 'home'") })]);
      expect(synthed.wrote).toBe(false);
      expect(readTree(written)).toEqual(before);
    } finally {
      removeRoot(written);
    }
  });

  test('is satisfied by wait or by health checks on the app\'s Flux Kustomization', () => {
    expect(renderDefinition(helm({ wait: true }), root, ON_CLUSTER).violations).toEqual([]);
    expect(renderDefinition(helm({ healthChecks: [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'cert-manager' }] }), root, ON_CLUSTER).violations).toEqual([]);
  });
});

describe('pinning', () => {
  test.each([
    ['1.2.3', true], ['v1.17.2', true], ['1.0.0-rc.1', true], ['1.0.0+build.5', true],
    ['1.2', false], ['1', false], ['01.2.3', false], ['>=1.2.3', false], ['1.2.x', false], ['*', false], ['', false], ['v1.2.3 ', false],
  ])('isExactVersion(%p) is %p', (version, exact) => {
    expect(isExactVersion(version)).toBe(exact);
  });

  test('commits, digests and tags', () => {
    expect(isCommit('a'.repeat(40))).toBe(true);
    expect(isCommit('a'.repeat(64))).toBe(true);
    expect(isCommit('abc1234')).toBe(false);
    expect(isCommit('A'.repeat(40))).toBe(false);
    expect(isDigest(`sha256:${'0'.repeat(64)}`)).toBe(true);
    expect(isDigest('sha256:0')).toBe(false);
    expect(['latest', 'Main', 'master', 'stable'].every(isFloatingTag)).toBe(true);
    expect(isFloatingTag('v1.2.3')).toBe(false);
  });
});
