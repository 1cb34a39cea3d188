import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppChart, AppDefinition, ProtectedPvc, SealedSecretRef, StandardApp, StandardAppProps, defineApp } from '../../src';
import { emptyRoot, removeRoot, sealInto, synthApps } from '../support/app-fixture';
import { readTree } from '../support/temp-repo';

/**
 * Point 6 of the foundation issue: each invalid input fails synth with a clear message and a
 * stable code, and leaves the tree as it was, byte for byte and mtime for mtime.
 */
let root: string;
beforeEach(async () => {
  root = emptyRoot();
  await sealInto(root, 'demo', 'creds', { PASSWORD: 'pw' });
  const first = synthApps(root, [demo()]);
  const errors = first.violations.filter((v) => v.severity === 'error');
  if (errors.length || !first.wrote) throw new Error(`the valid app does not synthesize: ${JSON.stringify(errors)}`);
});
afterEach(() => removeRoot(root));

/** The valid app of the fixture: a web app with a claim and a sealed key, plus whatever `more` adds. */
function demo(more: (app: AppChart, web: StandardApp) => void = () => {}, props: Partial<StandardAppProps> = {}, name = 'demo'): AppDefinition {
  return defineApp(name, { namespace: 'demo' }, (app) => {
    const web = new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080, ...props });
    web.mount('/data', new ProtectedPvc(app, 'data', { size: '1Gi' }));
    web.env('PASSWORD', new SealedSecretRef(app, 'creds').key('PASSWORD'));
    more(app, web);
  });
}

/** Runs synth on `definitions` and checks that it failed without touching the tree; returns the errors. */
function failingSynth(definitions: AppDefinition[]) {
  const before = readTree(root);
  const result = synthApps(root, definitions);
  const errors = result.violations.filter((v) => v.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  expect(result.wrote).toBe(false);
  expect(readTree(root)).toEqual(before);
  for (const error of errors) {
    expect(error.code).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.fix.length).toBeGreaterThan(5);
  }
  return errors;
}

function writeFile(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

describe('synth on invalid input', () => {
  test('fails on an app name that is not a DNS-1123 label', () => {
    expect(failingSynth([demo(undefined, {}, 'Demo_App')])).toEqual([expect.objectContaining({
      code: 'InvalidName', app: 'Demo_App', message: expect.stringContaining("app name 'Demo_App' is not a DNS-1123 label"),
    })]);
  });

  test('fails on two apps on one host, naming both', () => {
    const other = defineApp('other', (app) => { new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 80, ingress: { subdomain: 'demo' } }); });
    expect(failingSynth([demo(), other])).toEqual([
      expect.objectContaining({ code: 'DuplicateHost', app: 'demo', message: expect.stringContaining('host demo.stillon.top is claimed by demo (Ingress/web), other (Ingress/web)') }),
      expect.objectContaining({ code: 'DuplicateHost', app: 'other' }),
    ]);
  });

  test('fails on a host outside the domain unless explicitly allowed', () => {
    expect(failingSynth([demo(undefined, { ingress: { host: 'demo.example.com' } })])).toEqual([expect.objectContaining({
      code: 'ForeignHost', path: 'demo/web/Ingress/Resource', message: 'Ingress/web serves demo.example.com, which is outside stillon.top',
    })]);
    const allowed = synthApps(root, [demo(undefined, { ingress: { host: 'demo.example.com', allowForeignHost: true } })], { check: true });
    expect(allowed.violations.filter((v) => v.severity === 'error')).toEqual([]);
  });

  test('fails on an Ingress without TLS added with cdk8s-plus', () => {
    const errors = failingSynth([demo((app) => {
      new kplus.k8s.KubeIngress(app, 'raw', { metadata: { name: 'raw' }, spec: { rules: [{ host: 'raw.stillon.top' }] } });
    })]);
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'IngressWithoutTls', message: 'Ingress/raw serves raw.stillon.top without a tls entry with a secretName' }),
      expect.objectContaining({ code: 'IngressWithoutTls', message: 'Ingress/raw has no cert-manager issuer annotation' }),
    ]));
  });

  test.each([
    ['cdk8s-plus', (app: AppChart) => { new kplus.Secret(app, 'plain', { metadata: { name: 'plain' }, stringData: { password: 's3cr3t' } }); }],
    ['new ApiObject', (app: AppChart) => { new ApiObject(app, 'plain', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' }, data: { password: 'czNjcjN0' } }); }],
  ])('fails on a Secret with data added with %s', (_how, add) => {
    expect(failingSynth([demo(add)])).toEqual([expect.objectContaining({
      code: 'PlainSecret', path: expect.stringMatching(/^demo\/plain/), message: 'Secret/plain has plaintext data (keys: password)',
    })]);
  });

  test.each([
    ['new ApiObject', (app: AppChart) => { new ApiObject(app, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }); }],
    ['cdk8s-plus', (app: AppChart) => { new kplus.Namespace(app, 'ns', { metadata: { name: 'demo' } }); }],
  ])('fails on a Namespace added with %s to the Flux-managed output', (_how, add) => {
    expect(failingSynth([demo(add)])).toEqual(expect.arrayContaining([expect.objectContaining({
      code: 'NamespaceInFlux', message: 'Namespace/demo is in a Flux-managed build',
    })]));
  });

  test.each([
    ['cdk8s-plus', (app: AppChart) => { new kplus.PersistentVolumeClaim(app, 'raw', { metadata: { name: 'raw' }, storage: Size.gibibytes(1) }); }],
    ['new ApiObject', (app: AppChart) => { new ApiObject(app, 'raw', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'raw' }, spec: { accessModes: ['ReadWriteOnce'] } }); }],
  ])('fails on a claim added with %s without the finalizer and the prune-disabled annotation', (_how, add) => {
    expect(failingSynth([demo(add)])).toEqual([expect.objectContaining({
      code: 'PvcNotProtected',
      message: expect.stringMatching(/^PersistentVolumeClaim\/raw lacks the finalizer kubernetes\.io\/pvc-protection and the annotation kustomize\.toolkit\.fluxcd\.io\/prune: disabled/),
    })]);
  });

  test('fails on a ProtectedPvc whose finalizer an escape-hatch patch removed', () => {
    const app = defineApp('demo', (chart) => {
      const pvc = new ProtectedPvc(chart, 'data', { size: '1Gi' });
      ApiObject.of(pvc.apiObject).addJsonPatch(JsonPatch.remove('/metadata/finalizers'));
      new StandardApp(chart, 'web', { image: 'nginx:1.27.3', port: 8080 }).mount('/data', pvc).env('PASSWORD', new SealedSecretRef(chart, 'creds').key('PASSWORD'));
    });
    expect(failingSynth([app])).toEqual([expect.objectContaining({ code: 'PvcNotProtected', message: expect.stringMatching(/^PersistentVolumeClaim\/demo-data lacks the finalizer kubernetes\.io\/pvc-protection;/) })]);
  });

  test('fails on a missing sealed file', () => {
    expect(failingSynth([demo((app) => { new SealedSecretRef(app, 'missing'); })])).toEqual([expect.objectContaining({
      code: 'SealedSecretMissing', path: 'demo/missing', message: 'sealed-secrets/demo/missing.yaml does not exist',
    })]);
  });

  test('fails on a malformed sealed file', () => {
    writeFile('sealed-secrets/demo/broken.yaml', 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: [\n');
    expect(failingSynth([demo((app) => { new SealedSecretRef(app, 'broken'); })])).toEqual([expect.objectContaining({
      code: 'SealedSecretMalformed', message: expect.stringMatching(/^sealed-secrets\/demo\/broken\.yaml:\d+: invalid YAML: /),
    })]);
  });

  test('fails on a sealed file whose name does not match', () => {
    writeFile('sealed-secrets/demo/copy.yaml', readFileSync(join(root, 'sealed-secrets/demo/creds.yaml'), 'utf8'));
    expect(failingSynth([demo((app) => { new SealedSecretRef(app, 'copy'); })])).toEqual([expect.objectContaining({
      code: 'SealedSecretMismatch', message: expect.stringContaining("sealed-secrets/demo/copy.yaml has metadata.name 'creds', but it is used as 'copy'"),
    })]);
  });

  test('fails on a sealed file whose namespace does not match', () => {
    writeFile('sealed-secrets/moved/creds.yaml', readFileSync(join(root, 'sealed-secrets/demo/creds.yaml'), 'utf8'));
    const moved = defineApp('moved', (app) => { new SealedSecretRef(app, 'creds'); });
    expect(failingSynth([demo(), moved])).toEqual([expect.objectContaining({
      code: 'SealedSecretMismatch', app: 'moved', message: expect.stringContaining("sealed-secrets/moved/creds.yaml has metadata.namespace 'demo', but it is used as 'moved'"),
    })]);
  });

  test('fails on a key that is not in the sealed file\'s encryptedData', () => {
    expect(failingSynth([demo((app, web) => { web.env('USER', (app.node.findChild('creds') as SealedSecretRef).key('USERNAME')); })]))
      .toEqual(expect.arrayContaining([expect.objectContaining({
        code: 'SealedSecretKeyMissing', message: "key 'USERNAME' is not in sealed-secrets/demo/creds.yaml (it has: PASSWORD)",
      })]));
  });

  test('fails on an object that sets another namespace than its app\'s', () => {
    expect(failingSynth([demo((app) => {
      new ApiObject(app, 'elsewhere', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'other' } });
    })])).toEqual([expect.objectContaining({
      code: 'NamespaceMismatch', path: 'demo/elsewhere', message: "ConfigMap/settings sets namespace 'other', but app 'demo' lives in 'demo'",
    })]);
  });

  test('fails on a container port out of range, in StandardApp and in plain cdk8s-plus', () => {
    expect(failingSynth([demo(undefined, { port: 70000 })])).toEqual([expect.objectContaining({
      code: 'InvalidPort', message: 'port must be a whole number from 1 to 65535, got 70000',
    })]);
    expect(failingSynth([demo((app) => {
      new ApiObject(app, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27.3', ports: [{ containerPort: 0 }] }] } });
    })])).toEqual([expect.objectContaining({ code: 'InvalidPort', message: "container 'c' of Pod/pod has containerPort 0" })]);
  });

  test('lists every violation of every app at once', () => {
    const other = defineApp('other', (app) => { new ApiObject(app, 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dg==' } }); });
    const codes = failingSynth([demo((app) => { new SealedSecretRef(app, 'missing'); }, { ingress: { host: 'x.example.com' } }), other]).map((v) => v.code).sort();
    expect(codes).toEqual(['ForeignHost', 'PlainSecret', 'SealedSecretMissing']);
  });
});

describe('synth and claim files', () => {
  const withoutClaim = defineApp('demo', { namespace: 'demo' }, (app) => {
    new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 }).env('PASSWORD', new SealedSecretRef(app, 'creds').key('PASSWORD'));
  });

  test('fails with PvcRemoval, naming the file, when a claim it generated before would go', () => {
    expect(failingSynth([withoutClaim])).toEqual([expect.objectContaining({
      code: 'PvcRemoval',
      path: 'kustomize/demo/persistentvolumeclaim-demo-data.yaml',
      message: expect.stringContaining('synth would delete the claim file(s) kustomize/demo/persistentvolumeclaim-demo-data.yaml'),
      fix: expect.stringContaining('--allow-pvc-removal'),
    })]);
  });

  test('removes the claim file with allowPvcRemoval', () => {
    const result = synthApps(root, [withoutClaim], { allowPvcRemoval: true });
    expect(result.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(result.plan!.remove).toEqual(['kustomize/demo/persistentvolumeclaim-demo-data.yaml']);
    expect([...readTree(root).keys()]).not.toContain('kustomize/demo/persistentvolumeclaim-demo-data.yaml');
  });
});
