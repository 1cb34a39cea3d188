import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { Conventions, STILLON_PROFILE, SealedSecretRef, SealingScope, StandardApp, defineApp, seal } from '../../src';
import { generateCluster, TestCluster } from '../seal/cluster-keys';
import { TEST_CERT } from '../seal/unseal';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, sealInto } from '../support/app-fixture';

let root: string;
let sealedText: string;
beforeAll(async () => {
  root = emptyRoot();
  sealedText = readFileSync(join(root, await sealInto(root, 'demo', 'creds', { PASSWORD: 'pw', TOKEN: 'tok' })), 'utf8');
  await sealInto(root, 'demo', 'shared', { KEY: 'v' }, SealingScope.NAMESPACE_WIDE);
  await sealInto(root, 'elsewhere', 'global', { KEY: 'v' }, SealingScope.CLUSTER_WIDE);
});
afterAll(() => removeRoot(root));

/** Writes a hand-made sealed file at sealed-secrets/<rel>. */
function writeSealed(rel: string, text: string): void {
  const file = join(root, 'sealed-secrets', rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Renders app `demo` reading `keys` of the sealed secret `name` into a StandardApp. */
function render(name: string, keys: string[] = []) {
  return renderDefinition(defineApp('demo', (app) => {
    const ref = new SealedSecretRef(app, name);
    const web = new StandardApp(app, 'web', { image: 'nginx:1.27.3' });
    for (const key of keys) web.env(key, ref.key(key));
  }), root);
}

describe('SealedSecretRef', () => {
  test('copies sealed-secrets/<ns>/<name>.yaml into the app, ciphertext byte for byte', () => {
    const { objects, violations } = render('creds', ['PASSWORD']);
    expect(violations).toEqual([]);
    const sealed = manifestOf(objects, 'SealedSecret', 'creds');
    const source = parse(sealedText);
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.metadata).toMatchObject({ name: 'creds', namespace: 'demo', labels: { 'app.kubernetes.io/component': 'secret', 'app.kubernetes.io/instance': 'demo' } });
    expect(sealed.spec).toEqual(source.spec);
    expect(objects.find((o) => o.manifest.kind === 'SealedSecret')!.path).toBe('kustomize/demo/sealedsecret-creds.yaml');
  });

  test('hands keys to containers as env values, envFrom and volumes', () => {
    const { objects } = renderDefinition(defineApp('demo', (app) => {
      const ref = new SealedSecretRef(app, 'creds');
      const web = new StandardApp(app, 'web', { image: 'nginx:1.27.3', env: { PASSWORD: ref.key('PASSWORD') } });
      web.envFrom(ref);
      web.container.mount('/secrets', ref.toVolume(web, 'vol', ['TOKEN']));
    }), root);
    const container = manifestOf(objects, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(container.env).toEqual([{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } }]);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'creds' } }]);
  });

  test('accepts a namespace-wide file under its name, and a cluster-wide file sealed for another namespace', () => {
    writeSealed('demo/global.yaml', readFileSync(join(root, 'sealed-secrets/elsewhere/global.yaml'), 'utf8'));
    const shared = render('shared', ['KEY']);
    expect(shared.violations).toEqual([]);
    const global = render('global', ['KEY']);
    expect(global.violations).toEqual([]);
    expect(manifestOf(global.objects, 'SealedSecret', 'global').metadata.namespace).toBe('demo');
  });

  test('fails with SealedSecretMissing when the file does not exist', () => {
    const { violations, objects } = render('nothing', ['KEY']);
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedSecretMissing',
      path: 'demo/nothing',
      message: 'sealed-secrets/demo/nothing.yaml does not exist',
      fix: 'seal the secret into it: stillon seal --namespace demo --name nothing --from-stdin <key>',
    })]);
    expect(objects.filter((o) => o.manifest.kind === 'SealedSecret')).toEqual([]);
  });

  test('fails with SealedSecretKeyMissing for a key that is not in encryptedData', () => {
    const { violations } = render('creds', ['PASSWORD', 'USERNAME']);
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedSecretKeyMissing',
      message: "key 'USERNAME' is not in sealed-secrets/demo/creds.yaml (it has: PASSWORD, TOKEN)",
      fix: 'seal it: stillon seal --namespace demo --name creds --from-stdin USERNAME',
    })]);
  });

  test('fails with SealedSecretKeyMissing for a key mounted as a file', () => {
    const { violations } = renderDefinition(defineApp('demo', (app) => {
      const ref = new SealedSecretRef(app, 'creds');
      new StandardApp(app, 'web', { image: 'nginx:1.27.3' }).mountSecret('/s', ref, ['tls.crt']);
    }), root);
    expect(violations).toEqual([expect.objectContaining({ code: 'SealedSecretKeyMissing', message: expect.stringContaining("key 'tls.crt'") })]);
  });

  test.each([
    ['invalid YAML', 'apiVersion: [unclosed\n', /^sealed-secrets\/demo\/bad\.yaml:\d+: invalid YAML: /],
    ['another kind', sealedText0().replace('kind: SealedSecret', 'kind: Secret'), /expected apiVersion bitnami\.com\/v1alpha1 and kind SealedSecret, got bitnami\.com\/v1alpha1 Secret/],
    ['no encryptedData', 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: bad\n  namespace: demo\nspec:\n  encryptedData: {}\n', /spec\.encryptedData is missing or empty/],
    ['two documents', `${sealedText0()}---\n${sealedText0()}`, /expected exactly one SealedSecret object, found 2 document\(s\)/],
    ['a value that is not ciphertext', sealedText0().replace(/PASSWORD: .*/, 'PASSWORD: plain text!'), /encryptedData\.PASSWORD is not base64 ciphertext/],
  ])('fails with SealedSecretMalformed on %s', (_what, text, message) => {
    writeSealed('demo/bad.yaml', text.replace(/name: creds/g, 'name: bad'));
    const { violations } = render('bad');
    expect(violations).toEqual([expect.objectContaining({ code: 'SealedSecretMalformed', message: expect.stringMatching(message) })]);
  });

  test('fails with SealedSecretMismatch when the file\'s name does not match its path', () => {
    writeSealed('demo/renamed.yaml', sealedText);
    const { violations } = render('renamed');
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedSecretMismatch',
      message: "sealed-secrets/demo/renamed.yaml has metadata.name 'creds', but it is used as 'renamed' (strict scope: the value only unseals under its own name and namespace)",
    })]);
  });

  test('fails with SealedSecretMismatch when a strict file is used in another namespace', () => {
    writeSealed('moved/creds.yaml', sealedText);
    const { violations } = renderDefinition(defineApp('demo', { namespace: 'moved' }, (app) => { new SealedSecretRef(app, 'creds'); }), root);
    expect(violations).toEqual([expect.objectContaining({ code: 'SealedSecretMismatch', message: expect.stringContaining("has metadata.namespace 'demo', but it is used as 'moved'") })]);
  });

  test('fails with SealedSecretScopeConflict when both scope annotations are set', () => {
    writeSealed('demo/conflict.yaml', sealedText.replace(/name: creds/g, 'name: conflict').replace('metadata:\n  annotations:\n', 'metadata:\n  annotations:\n    sealedsecrets.bitnami.com/namespace-wide: "true"\n    sealedsecrets.bitnami.com/cluster-wide: "true"\n'));
    const { violations } = render('conflict');
    expect(violations).toEqual([expect.objectContaining({ code: 'SealedSecretScopeConflict', message: 'sealed-secrets/demo/conflict.yaml is marked both namespace-wide and cluster-wide' })]);
  });

  test('fails with DuplicateSealedSecretRef when one secret is referenced twice, pointing at the first', () => {
    const { violations } = renderDefinition(defineApp('demo', (app) => {
      new SealedSecretRef(app, 'creds');
      new SealedSecretRef(app, 'again', { name: 'creds' });
    }), root);
    expect(violations).toEqual([expect.objectContaining({ code: 'DuplicateSealedSecretRef', path: 'demo/again', message: "the sealed secret 'creds' is already referenced at demo/creds" })]);
  });

  test('fails on a name that is not a Secret name with InvalidName', () => {
    const { violations } = render('Creds_1');
    expect(violations).toEqual([expect.objectContaining({ code: 'InvalidName', message: "'Creds_1' is not a valid Secret name" })]);
  });
});

/** The valid sealed file, for test.each tables built before beforeAll runs. */
function sealedText0(): string {
  return 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: creds\n  namespace: demo\nspec:\n  encryptedData:\n    PASSWORD: AgBy3i4OJSWK+PiTySYZZA==\n  template:\n    metadata:\n      name: creds\n      namespace: demo\n';
}

describe('SealedSecretRef on a cluster (a repository with clusters)', () => {
  let a: TestCluster;
  let b: TestCluster;
  let repo: string;
  beforeAll(() => {
    a = generateCluster('a');
    b = generateCluster('b');
  });
  afterAll(() => {
    for (const c of [a, b]) removeRoot(dirname(c.certFile));
  });
  beforeEach(() => {
    repo = emptyRoot();
    for (const c of [a, b]) {
      mkdirSync(join(repo, 'sealed-secrets', c.name), { recursive: true });
      copyFileSync(c.certFile, join(repo, 'sealed-secrets', c.name, 'cert.pem'));
    }
  });
  afterEach(() => removeRoot(repo));

  /** The conventions of the app's variant for `cluster`, as synth gives them. */
  const on = (cluster: string): Conventions => ({
    ...STILLON_PROFILE,
    cluster: { name: cluster, root: `clusters/${cluster}`, sealingCertificate: `sealed-secrets/${cluster}/cert.pem`, platform: [] },
  });
  const sealFor = (cluster: string, values: Record<string, string> = { PASSWORD: 'pw' }) => seal({
    repoRoot: repo, certificate: `sealed-secrets/${cluster}/cert.pem`, cluster, namespace: 'demo', name: 'creds', values,
  });
  const renderOn = (cluster: string, keys: readonly string[] = ['PASSWORD']) => renderDefinition(defineApp('demo', (app) => {
    const ref = new SealedSecretRef(app, 'creds');
    const web = new StandardApp(app, 'web', { image: 'nginx:1.27.3' });
    for (const key of keys) web.env(key, ref.key(key));
  }), repo, on(cluster));

  test('reads sealed-secrets/<cluster>/<ns>/<name>.yaml, and copies the fingerprint record with it', async () => {
    await sealFor('a');
    const { objects, violations } = renderOn('a');
    expect(violations).toEqual([]);
    expect(manifestOf(objects, 'SealedSecret', 'creds').metadata.annotations).toEqual({ 'stillon.top/sealing-certificate': a.fingerprint });
  });

  test('fails with SealedSecretMissing naming the cluster, its file and the command that seals it', async () => {
    await sealFor('a');
    const { violations, objects } = renderOn('b');
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedSecretMissing',
      path: 'demo/creds',
      message: 'sealed-secrets/b/demo/creds.yaml does not exist: the app runs on cluster b, which needs the secret sealed with its own certificate',
      fix: 'seal the secret for cluster b, once per key: stillon seal --cluster b --namespace demo --name creds --from-stdin <key>',
    })]);
    expect(objects.filter((o) => o.manifest.kind === 'SealedSecret')).toEqual([]);
  });

  test('fails with SealedSecretMissing pointing at the files sealed for the other clusters of stillon.config.ts', async () => {
    writeFileSync(join(repo, 'stillon.config.ts'), 'export default { clusters: { a: {}, b: {} } };\n');
    await sealFor('a');
    const { violations } = renderOn('b');
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedSecretMissing',
      message: 'sealed-secrets/b/demo/creds.yaml does not exist: the app runs on cluster b, which needs the secret sealed with its own certificate '
        + '(it is sealed at sealed-secrets/a/demo/creds.yaml, for another cluster: values sealed for one cluster do not open on another)',
    })]);
  });

  test('fails with SealedSecretKeyMissing whose command seals for the cluster', async () => {
    await sealFor('a');
    const { violations } = renderOn('a', ['PASSWORD', 'TOKEN']);
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedSecretKeyMissing',
      fix: 'seal it: stillon seal --cluster a --namespace demo --name creds --from-stdin TOKEN',
    })]);
  });

  test('fails with SealedForAnotherCluster on a file sealed with another cluster\'s certificate, naming both when stillon.config.ts does', async () => {
    writeFileSync(join(repo, 'stillon.config.ts'), 'export default { clusters: { a: {}, b: {} } };\n');
    await sealFor('b');
    mkdirSync(join(repo, 'sealed-secrets/a/demo'), { recursive: true });
    copyFileSync(join(repo, 'sealed-secrets/b/demo/creds.yaml'), join(repo, 'sealed-secrets/a/demo/creds.yaml'));
    const { violations } = renderOn('a');
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedForAnotherCluster',
      path: 'demo/creds',
      message: `sealed-secrets/a/demo/creds.yaml is sealed for cluster b (sealed-secrets/b/cert.pem), SHA-256 ${b.fingerprint}; `
        + `the app runs on cluster a, whose controller cannot open it: cluster a's certificate sealed-secrets/a/cert.pem has SHA-256 ${a.fingerprint}`,
      fix: 'seal it again for cluster a, once per key: stillon seal --cluster a --namespace demo --name creds --from-stdin <key>',
    })]);
  });

  test('warns with SealedWithUnknownCertificate on a certificate no cluster has (its own before a key renewal, say), and still renders it', async () => {
    await seal({ repoRoot: repo, certificate: TEST_CERT, output: 'sealed-secrets/a/demo/creds.yaml', namespace: 'demo', name: 'creds', values: { PASSWORD: 'pw' } });
    const { violations, objects } = renderOn('a');
    expect(violations).toEqual([expect.objectContaining({
      code: 'SealedWithUnknownCertificate',
      severity: 'warning',
      message: expect.stringMatching(/^sealed-secrets\/a\/demo\/creds\.yaml is sealed with a certificate of SHA-256 AF:7A:[0-9A-F:]+, which no configured cluster has; .*only if that is one of its older keys/),
    })]);
    expect(manifestOf(objects, 'SealedSecret', 'creds').spec.encryptedData).toEqual({ PASSWORD: expect.any(String) });
  });

  test('compares fingerprints as hex digits, whatever their case or openssl prefix', async () => {
    writeFileSync(join(repo, 'stillon.config.ts'), 'export default { clusters: { a: {}, b: {} } };\n');
    await sealFor('a');
    const file = join(repo, 'sealed-secrets/a/demo/creds.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(a.fingerprint, `"sha256 Fingerprint=${a.fingerprint.toLowerCase()}"`));
    expect(renderOn('a').violations).toEqual([]);
    writeFileSync(file, text.replace(a.fingerprint, b.fingerprint.toLowerCase().replace(/:/g, '')));
    expect(renderOn('a').violations).toEqual([expect.objectContaining({ code: 'SealedForAnotherCluster', message: expect.stringContaining('is sealed for cluster b') })]);
  });

  test('cannot tell, so accepts, a file kubeseal wrote (no fingerprint record) and a cluster whose certificate is not fetched', async () => {
    await sealFor('b');
    const file = join(repo, 'sealed-secrets/b/demo/creds.yaml');
    mkdirSync(join(repo, 'sealed-secrets/a/demo'), { recursive: true });
    writeFileSync(join(repo, 'sealed-secrets/a/demo/creds.yaml'), readFileSync(file, 'utf8').replace(/ {2}annotations:\n {4}stillon\.top\/sealing-certificate: .*\n/, ''));
    expect(renderOn('a').violations).toEqual([]);
    rmSync(join(repo, 'sealed-secrets/a/cert.pem'));
    copyFileSync(file, join(repo, 'sealed-secrets/a/demo/creds.yaml'));
    expect(renderOn('a').violations).toEqual([]);
  });
});
