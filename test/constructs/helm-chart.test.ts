import { App } from 'cdk8s';
import { AppChart, AppConfigMap, HelmChart, HelmChartProps, HelmCrds, OutOfBandSecret, STILLON_PROFILE, SealedSecretRef, StillonError, defineApp } from '../../src';
import certManager from '../fixtures/platform/cert-manager';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, sealInto, synthApps } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(async () => {
  root = emptyRoot();
  await sealInto(root, 'grafana', 'grafana-values', { 'values.yaml': 'adminPassword: s3cr3t-from-seal\n', 'token': 'tok-from-seal' });
});
afterAll(() => removeRoot(root));

const CHART: HelmChartProps = { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.17.2' };

function chartIn(namespace = 'demo'): AppChart {
  return new AppChart(new App(), namespace, { conventions: STILLON_PROFILE, rootDir: root, flux: { wait: true } });
}

function thrown(build: (app: AppChart) => void): StillonError {
  try {
    build(chartIn());
  } catch (error) {
    if (error instanceof StillonError) return error;
    throw error;
  }
  throw new Error('expected a StillonError');
}

function schemaErrors(objects: readonly { manifest: any }[]): unknown[] {
  return objects.map(({ manifest }) => ({ where: `${manifest.kind}/${manifest.metadata.name}`, errors: schemaValidator().validate(manifest) }))
    .filter((r) => r.errors.length > 0);
}

describe('HelmChart', () => {
  test('renders a HelmRepository and a pinned HelmRelease into the app namespace, with the defaults, schema-valid', () => {
    const { objects, violations } = renderDefinition(certManager, root);
    expect(violations).toEqual([]);
    expect(objects.map((o) => `${o.manifest.apiVersion} ${o.manifest.kind}`).sort()).toEqual([
      'helm.toolkit.fluxcd.io/v2 HelmRelease', 'kustomize.toolkit.fluxcd.io/v1 Kustomization', 'source.toolkit.fluxcd.io/v1 HelmRepository',
    ]);
    expect(manifestOf(objects, 'HelmRepository', 'cert-manager').spec).toEqual({ url: 'https://charts.jetstack.io', interval: '10m0s' });
    const release = manifestOf(objects, 'HelmRelease', 'cert-manager');
    expect(release.metadata.namespace).toBe('cert-manager');
    expect(release.spec).toEqual({
      chart: { spec: { chart: 'cert-manager', version: 'v1.17.2', sourceRef: { kind: 'HelmRepository', name: 'cert-manager', namespace: 'cert-manager' } } },
      releaseName: 'cert-manager',
      targetNamespace: 'cert-manager',
      interval: '10m0s',
      timeout: '5m0s',
      install: { crds: 'CreateReplace', remediation: { retries: 3 } },
      upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
      values: { crds: { enabled: true }, prometheus: { enabled: false } },
    });
    // Namespaces never go through Flux, nor through Helm.
    expect(release.spec.install.createNamespace).toBeUndefined();
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('an oci:// repository is a HelmRepository of type oci; options land where Flux reads them', () => {
    const app = chartIn();
    const crds = new HelmChart(app, 'crds', { repository: 'oci://ghcr.io/acme/charts', chart: 'acme-crds', version: '0.3.0' });
    const acme = new HelmChart(app, 'acme', {
      repository: 'oci://ghcr.io/acme/charts',
      repositoryName: 'crds',
      chart: 'acme',
      version: '1.0.0-rc.1',
      releaseName: 'acme-operator',
      crds: HelmCrds.SKIP,
      installRetries: 0,
      upgradeRetries: 5,
      interval: '1h',
      timeout: '15m',
      dependsOn: [crds],
    });
    expect(acme.helmRepository).toBe(crds.helmRepository);
    const objects = app.toJson().map((manifest) => ({ manifest }));
    expect(objects.filter((o) => o.manifest.kind === 'HelmRepository')).toHaveLength(1);
    expect(manifestOf(objects, 'HelmRepository', 'crds').spec).toEqual({ url: 'oci://ghcr.io/acme/charts', type: 'oci', interval: '10m0s' });
    const release = manifestOf(objects, 'HelmRelease', 'acme-operator');
    expect(release.spec).toMatchObject({
      releaseName: 'acme-operator',
      interval: '1h',
      timeout: '15m',
      chart: { spec: { sourceRef: { name: 'crds' } } },
      install: { crds: 'Skip', remediation: { retries: 0 } },
      upgrade: { crds: 'Skip', remediation: { retries: 5 } },
      dependsOn: [{ name: 'crds', namespace: 'demo' }],
    });
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('valuesFrom references the sealed Secret, an out-of-band Secret and a ConfigMap; synth checks the sealed key', () => {
    const grafana = (tokenKey: string) => defineApp('grafana', { flux: { wait: true } }, (app) => {
      new HelmChart(app, 'grafana', {
        repository: 'https://grafana.github.io/helm-charts',
        chart: 'grafana',
        version: '8.10.1',
        values: { admin: { existingSecret: 'grafana-admin', userKey: 'user', passwordKey: 'password' } },
        valuesFrom: [
          { secret: new SealedSecretRef(app, 'grafana-values') },
          { secret: new OutOfBandSecret(app, 'grafana-admin', { reason: 'created by the operator' }), valuesKey: 'user', targetPath: 'adminUser' },
          { configMap: new AppConfigMap(app, 'grafana-extra', { data: { 'values.yaml': 'replicas: 1\n' } }) },
          { secret: app.node.findChild('grafana-values') as SealedSecretRef, valuesKey: tokenKey, targetPath: 'auth.token' },
        ],
      });
    });
    const { objects, violations } = renderDefinition(grafana('token'), root);
    expect(violations).toEqual([]);
    expect(manifestOf(objects, 'HelmRelease', 'grafana').spec.valuesFrom).toEqual([
      { kind: 'Secret', name: 'grafana-values' },
      { kind: 'Secret', name: 'grafana-admin', valuesKey: 'user', targetPath: 'adminUser' },
      { kind: 'ConfigMap', name: 'grafana-extra' },
      { kind: 'Secret', name: 'grafana-values', valuesKey: 'token', targetPath: 'auth.token' },
    ]);
    expect(schemaErrors(objects)).toEqual([]);
    expect(synthApps(root, [grafana('token')]).violations.filter((v) => v.severity === 'error')).toEqual([]);

    const missing = synthApps(root, [grafana('tokn')]).violations.filter((v) => v.severity === 'error');
    expect(missing).toEqual([expect.objectContaining({ code: 'SealedSecretKeyMissing', message: expect.stringContaining("key 'tokn'") })]);
    expect(JSON.stringify(missing)).not.toContain('from-seal');
  });

  test('keys that only name a Secret, a path or a reference are not credentials', () => {
    const chart = new HelmChart(chartIn(), 'ok', {
      ...CHART,
      values: {
        existingSecret: 'db',
        auth: { existingSecretPasswordKey: 'password', secretName: 'tls', passwordSecretRef: 'x', tokenKey: 'token' },
        passwordFile: '/run/secrets/db',
        tokenTtl: '1h',
        apiKey: '${API_KEY}',
        password: '',
        replicas: 2,
        enabled: true,
        nothing: null,
        extraEnv: [{ name: 'DB_PASSWORD_FILE', value: '/run/db' }, { name: 'LOG_LEVEL', value: 'debug' }],
      },
    });
    expect(chart.helmRelease.toJson().spec.values.auth.secretName).toBe('tls');
  });

  test.each([
    ['>=1.0.0'], ['1.x'], ['*'], ['^1.2.3'], ['~1.2.0'], ['1.2'], ['latest'], ['1.2.3 || 2.0.0'], ['v1.2.3-'],
  ])('fails on the floating chart version %s', (version) => {
    expect(thrown((app) => new HelmChart(app, 'c', { ...CHART, version }))).toMatchObject({
      code: 'FloatingChartVersion', where: 'demo/c', detail: expect.stringContaining(`version '${version}'`), fix: expect.stringContaining('pin'),
    });
  });

  test.each([
    ['version', undefined], ['version', ''], ['chart', undefined], ['repository', undefined],
  ])('fails when %s is missing (%p)', (prop, value) => {
    expect(thrown((app) => new HelmChart(app, 'c', { ...CHART, [prop]: value } as any))).toMatchObject({
      code: 'MissingProp', detail: expect.stringContaining(`${prop} is required`),
    });
  });

  test.each([
    [{ adminPassword: 'hunter2' }, 'values.adminPassword holds a literal value'],
    [{ auth: { apiToken: 'abcdef' } }, 'values.auth.apiToken holds a literal value'],
    [{ s3: { secretKey: 'wJalrXUtnFEMI' } }, 'values.s3.secretKey holds a literal value'],
    [{ oidc: { clientSecret: 'wJalrXUtnFEMI' } }, 'values.oidc.clientSecret holds a literal value'],
    [{ config: { cookieSecret: 'wJalrXUtnFEMI' } }, 'values.config.cookieSecret holds a literal value'],
    [{ extraEnv: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }, "values.extraEnv[0].value holds a literal value for 'DB_PASSWORD'"],
    [{ config: { url: 'postgres://app:hunter2@db/app' } }, 'values.config.url holds a URL with a password'],
    [{ notes: ['ghp_abcdefghijklmnopqrstuvwxyz0123456789'] }, 'values.notes[0] holds a GitHub token'],
    [{ 'config.yaml': 'db:\n  password: hunter2\n' }, 'values["config.yaml"] holds a value for \'password\''],
    [{ tls: { key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' } }, 'values.tls.key holds a private key'],
  ])('fails on plaintext credentials in values (%#), naming the path and never the value', (values, detail) => {
    const error = thrown((app) => new HelmChart(app, 'c', { ...CHART, values: values as any }));
    expect(error).toMatchObject({ code: 'SecretInHelmValues', where: 'demo/c', detail: expect.stringContaining(detail), fix: expect.stringContaining('valuesFrom') });
    for (const secret of ['hunter2', 'abcdef', 'wJalrXUtnFEMI', 'ghp_abc', 'MIIE']) expect(error.message).not.toContain(secret);
  });

  test.each([
    [{ when: new Date(0) }, 'values.when must be JSON', 'a Date instance'],
    [{ f: () => 1 }, 'values.f must be JSON', 'a function'],
    [{ u: undefined }, 'values.u must be JSON', 'undefined'],
    [{ n: [Number.NaN] }, 'values.n[0] must be JSON', 'NaN'],
  ])('fails on values that are not JSON (%#)', (values, detail, got) => {
    expect(thrown((app) => new HelmChart(app, 'c', { ...CHART, values: values as any }))).toMatchObject({
      code: 'InvalidHelmValues', detail: expect.stringMatching(new RegExp(`${detail.replace(/[[\]]/g, '\\$&')}.*got ${got}`)),
    });
  });

  test.each([
    [{ repository: 'http://charts.example.org' }, 'InvalidRepositoryUrl'],
    [{ repository: 'charts.jetstack.io' }, 'InvalidRepositoryUrl'],
    [{ releaseName: 'Cert_Manager' }, 'InvalidName'],
    [{ releaseName: 'a'.repeat(54) }, 'InvalidName'],
    [{ repositoryName: 'Jetstack' }, 'InvalidName'],
    [{ interval: '10 minutes' }, 'InvalidDuration'],
    [{ timeout: 300 }, 'InvalidDuration'],
    [{ installRetries: -1 }, 'InvalidHelmOption'],
    [{ upgradeRetries: 1.5 }, 'InvalidHelmOption'],
    [{ crds: 'Replace' }, 'InvalidHelmOption'],
    [{ dependsOn: ['cert-manager'] }, 'InvalidHelmOption'],
    [{ valuesFrom: [{}] }, 'InvalidHelmOption'],
    [{ valuesFrom: [{ secretRef: 'x' }] }, 'UnknownProp'],
    [{ verison: '1.0.0' }, 'UnknownProp'],
  ])('fails (%#) on bad props with the code', (overrides, code) => {
    expect(thrown((app) => new HelmChart(app, 'c', { ...CHART, ...overrides } as any))).toMatchObject({ code });
  });

  test('fails with a URL carrying credentials, without repeating them', () => {
    const error = thrown((app) => new HelmChart(app, 'c', { ...CHART, repository: 'https://bob:hunter2@charts.example.org' }));
    expect(error.code).toBe('InvalidRepositoryUrl');
    expect(error.message).toContain('https://***@charts.example.org');
    expect(error.message).not.toContain('hunter2');
  });

  test('fails when two charts of one app give one repository name two URLs; an unknown prop names the closest', () => {
    expect(thrown((app) => {
      new HelmChart(app, 'a', { ...CHART, repositoryName: 'charts' });
      new HelmChart(app, 'b', { ...CHART, repository: 'https://example.org/charts', repositoryName: 'charts' });
    })).toMatchObject({ code: 'DuplicateHelmRepository', where: 'demo/b' });
    expect(thrown((app) => new HelmChart(app, 'c', { ...CHART, valuesFrm: [] } as any)).fix).toContain("'valuesFrom'");
  });
});
