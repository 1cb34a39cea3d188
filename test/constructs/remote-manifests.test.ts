import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { AppChart, RemoteManifests, RemoteManifestsProps, STILLON_PROFILE, StillonError } from '../../src';
import ingressNginx from '../fixtures/platform/ingress-nginx';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

const GIT: RemoteManifestsProps = { git: { url: 'https://github.com/kubernetes/ingress-nginx', tag: 'controller-v1.12.1' } };
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

function chartIn(): AppChart {
  return new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root, flux: { wait: true } });
}

function rendered(props: RemoteManifestsProps): any[] {
  const app = chartIn();
  new RemoteManifests(app, 'm', props);
  return app.toJson();
}

function thrown(props: unknown): StillonError {
  try {
    new RemoteManifests(chartIn(), 'm', props as RemoteManifestsProps);
  } catch (error) {
    if (error instanceof StillonError) return error;
    throw error;
  }
  throw new Error('expected a StillonError');
}

describe('RemoteManifests', () => {
  test('renders a pinned GitRepository and a waiting, pruning Kustomization of its path into the app namespace, schema-valid', () => {
    const { objects, violations } = renderDefinition(ingressNginx, root);
    expect(violations).toEqual([]);
    expect(manifestOf(objects, 'GitRepository', 'ingress-nginx').spec).toEqual({
      url: 'https://github.com/kubernetes/ingress-nginx', interval: '10m0s', ref: { tag: 'controller-v1.12.1' },
    });
    const inner = objects.filter((o) => o.manifest.kind === 'Kustomization' && o.manifest.metadata.namespace === 'ingress-nginx');
    expect(inner).toHaveLength(1);
    expect(inner[0].manifest.spec).toEqual({
      interval: '10m0s',
      path: './deploy/static/provider/baremetal',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'ingress-nginx', namespace: 'ingress-nginx' },
      targetNamespace: 'ingress-nginx',
      wait: true,
      timeout: '5m0s',
      patches: [expect.objectContaining({ target: { version: 'v1', kind: 'Namespace' } })],
    });
    for (const { manifest } of objects) expect({ object: `${manifest.kind}/${manifest.metadata.name}`, errors: schemaValidator().validate(manifest) }).toEqual({ object: `${manifest.kind}/${manifest.metadata.name}`, errors: [] });
  });

  test.each([
    [{ git: { url: 'https://github.com/org/repo', semver: '1.2.3' } }, 'GitRepository', { semver: '1.2.3' }],
    [{ git: { url: 'ssh://git@github.com/org/repo', commit: COMMIT } }, 'GitRepository', { commit: COMMIT }],
    [{ oci: { url: 'oci://ghcr.io/org/manifests', tag: 'v2.0.1' } }, 'OCIRepository', { tag: 'v2.0.1' }],
    [{ oci: { url: 'oci://ghcr.io/org/manifests', digest: DIGEST } }, 'OCIRepository', { digest: DIGEST }],
  ])('pins a source by one revision (%#), schema-valid', (props, kind, ref) => {
    const objects = rendered(props);
    const source = objects.find((o) => o.kind === kind);
    expect(source.spec.ref).toEqual(ref);
    expect(objects.find((o) => o.kind === 'Kustomization' && o.metadata.name === 'm').spec.sourceRef).toEqual({ kind, name: 'm', namespace: 'demo' });
    for (const manifest of objects) expect(schemaValidator().validate(manifest)).toEqual([]);
  });

  test('health checks replace wait; prune, timeout, interval, name, namespace and dependsOn land where Flux reads them', () => {
    const app = chartIn();
    const crds = new RemoteManifests(app, 'crds', { ...GIT, path: 'deploy/crds' });
    new RemoteManifests(app, 'controller', {
      ...GIT,
      name: 'ctl',
      targetNamespace: 'kube-system',
      prune: false,
      timeout: '10m',
      interval: '1h',
      dependsOn: [crds],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ingress-nginx-controller', namespace: 'kube-system' }],
    });
    const objects = app.toJson().map((manifest) => ({ manifest }));
    expect(manifestOf(objects, 'Kustomization', 'crds').spec).toMatchObject({ path: './deploy/crds', wait: true });
    const ctl = manifestOf(objects, 'Kustomization', 'ctl').spec;
    expect(ctl).toMatchObject({
      prune: false,
      timeout: '10m',
      interval: '1h',
      targetNamespace: 'kube-system',
      dependsOn: [{ name: 'crds', namespace: 'demo' }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ingress-nginx-controller', namespace: 'kube-system' }],
    });
    expect(ctl.wait).toBeUndefined();
    for (const { manifest } of objects) expect(schemaValidator().validate(manifest)).toEqual([]);
  });

  test('the rendered patches, as Flux hands them to kustomize, drop every Namespace and keep the rest (real kubectl kustomize)', () => {
    const kustomization = rendered(GIT).find((o) => o.kind === 'Kustomization' && o.metadata.name === 'm').spec;
    // Flux builds the source path with targetNamespace and patches added, as this kustomization.yaml does.
    const dir = join(root, 'flux-build');
    mkdirSync(join(dir, 'remote'), { recursive: true });
    writeFileSync(join(dir, 'remote', 'deploy.yaml'), [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'extra' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ingress-nginx', namespace: 'ingress-nginx' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'ingress-nginx' } },
    ].map((o) => stringify(o)).join('---\n'));
    writeFileSync(join(dir, 'remote', 'kustomization.yaml'), 'resources: [deploy.yaml]\n');
    writeFileSync(join(dir, 'kustomization.yaml'), stringify({ namespace: kustomization.targetNamespace, resources: ['remote'], patches: kustomization.patches }));
    const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });
    const objects = parseAllDocuments(built.stdout).map((d) => d.toJS());
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/-/ingress-nginx', 'ServiceAccount/demo/ingress-nginx',
    ]);
  });

  test.each([
    [{ git: { url: 'https://github.com/org/repo', branch: 'main' } }, 'FloatingSourceRef', 'git.branch moves'],
    [{ git: { url: 'https://github.com/org/repo' } }, 'FloatingSourceRef', 'names no revision'],
    [{ oci: { url: 'oci://ghcr.io/org/m' } }, 'FloatingSourceRef', 'names no revision'],
    [{ git: { url: 'https://github.com/org/repo', tag: 'latest' } }, 'FloatingSourceRef', "git.tag 'latest' does not pin"],
    [{ git: { url: 'https://github.com/org/repo', tag: 'main' } }, 'FloatingSourceRef', "git.tag 'main' does not pin"],
    [{ git: { url: 'https://github.com/org/repo', semver: '>=1.0.0' } }, 'FloatingSourceRef', 'not a range'],
    [{ git: { url: 'https://github.com/org/repo', semver: '1.x' } }, 'FloatingSourceRef', 'not a range'],
    [{ git: { url: 'https://github.com/org/repo', commit: 'abc1234' } }, 'FloatingSourceRef', 'a full commit SHA'],
    [{ oci: { url: 'oci://ghcr.io/org/m', semver: '~2.0' } }, 'FloatingSourceRef', 'not a range'],
    [{ oci: { url: 'oci://ghcr.io/org/m', digest: 'sha256:abc' } }, 'FloatingSourceRef', 'sha256:<64 hex digits>'],
    [{ oci: { url: 'oci://ghcr.io/org/m', tag: 'latest' } }, 'FloatingSourceRef', 'not a moving one'],
  ])('fails (%#) on a source that floats', (props, code, detail) => {
    expect(thrown(props)).toMatchObject({ code, where: 'demo/m', detail: expect.stringContaining(detail) });
  });

  test.each([
    [{ ...GIT, oci: { url: 'oci://ghcr.io/org/m', tag: 'v1.0.0' } }, 'InvalidSource'],
    [{}, 'InvalidSource'],
    [{ git: { url: 'https://github.com/org/repo', tag: 'v1.0.0', commit: COMMIT } }, 'InvalidSource'],
    [{ git: { tag: 'v1.0.0' } }, 'MissingProp'],
    [{ git: { url: 'http://github.com/org/repo', tag: 'v1.0.0' } }, 'InvalidSourceUrl'],
    [{ git: { url: 'github.com/org/repo', tag: 'v1.0.0' } }, 'InvalidSourceUrl'],
    [{ oci: { url: 'https://ghcr.io/org/m', tag: 'v1.0.0' } }, 'InvalidSourceUrl'],
    [{ ...GIT, path: '../other' }, 'InvalidPath'],
    [{ ...GIT, path: '/abs' }, 'InvalidPath'],
    [{ ...GIT, wait: true, healthChecks: [{ kind: 'Deployment', name: 'x' }] }, 'HealthChecksIgnored'],
    [{ ...GIT, timeout: '5 minutes' }, 'InvalidDuration'],
    [{ ...GIT, name: 'flux-system' }, 'InvalidName'],
    [{ ...GIT, targetNamespace: 'Kube_System' }, 'InvalidName'],
    [{ ...GIT, dependsOn: ['crds'] }, 'InvalidSource'],
    [{ ...GIT, helthChecks: [] }, 'UnknownProp'],
    [{ git: { url: 'https://github.com/org/repo', tags: 'v1' } }, 'UnknownProp'],
  ])('fails (%#) on bad props with the code', (props, code) => {
    expect(thrown(props)).toMatchObject({ code });
  });

  test('fails on a URL with credentials without repeating them; an ssh user alone is fine', () => {
    const error = thrown({ git: { url: 'https://bob:hunter2@github.com/org/repo', tag: 'v1.0.0' } });
    expect(error.code).toBe('InvalidSourceUrl');
    expect(error.message).not.toContain('hunter2');
    expect(thrown({ git: { url: 'ssh://git:hunter2@github.com/org/repo', tag: 'v1.0.0' } }).message).not.toContain('hunter2');
    expect(() => rendered({ git: { url: 'ssh://git@github.com/org/repo', tag: 'v1.0.0' } })).not.toThrow();
  });
});
