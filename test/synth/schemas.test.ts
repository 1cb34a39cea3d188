import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { IngressProfile, ProtectedPvc, SealedSecretRef, StandardApp, defineApp, homeLabContainerProps, resolveConventions } from '../../src';
import { emptyRoot, removeRoot, renderDefinition, sealInto, synthApps } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(async () => {
  root = emptyRoot();
  await sealInto(root, 'sink', 'creds', { 'PASSWORD': 'pw', 'TOKEN': 'tok', 'tls.crt': 'c' });
});
afterAll(() => removeRoot(root));

/** An app using every construct option and plain cdk8s-plus companions. */
const kitchenSink = defineApp('sink', { description: 'Everything at once', flux: { wait: true, timeout: '5m', dependsOn: ['other'], healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'sink' }] } }, (app) => {
  const creds = new SealedSecretRef(app, 'creds');
  const web = new StandardApp(app, 'web', {
    image: 'nginx:1.27.3',
    port: 8080,
    healthCheckPath: '/healthz',
    replicas: 1,
    env: { MODE: 'yes', UMASK: '0777', PASSWORD: creds.key('PASSWORD') },
    ingress: { subdomain: 'www' },
    security: { user: 1000, group: 1000 },
    fsGroup: 1000,
    command: ['/bin/app'],
    args: ['--flag'],
  });
  web.mount('/data', new ProtectedPvc(app, 'data', { size: '512Mi', storageClassName: 'local-path' }));
  web.envFrom(creds).mountSecret('/tls', creds, ['tls.crt']);
  web.addSidecar({ name: 'exporter', image: 'prom/exporter:1.0.0', portNumber: 9100 });
  new StandardApp(app, 'legacy', { image: 'nginx:1.27.3', port: 80, ingress: { host: 'legacy.example.com', allowForeignHost: true }, selector: { app: 'legacy' } });
  new kplus.ConfigMap(app, 'config', { metadata: { name: 'sink-config' }, data: { 'on': 'y', 'settings.ini': 'a=1\nb=2\n' } });
  new kplus.CronJob(app, 'backup', {
    metadata: { name: 'sink-backup' },
    schedule: Cron.daily(),
    containers: [homeLabContainerProps({ name: 'backup', image: 'restic/restic:0.17.3' })],
  });
});

describe('schema validation', () => {
  test('every object of an app using every option is valid (nginx and traefik profiles)', () => {
    const validator = schemaValidator();
    for (const conventions of [resolveConventions(), resolveConventions({ ingress: IngressProfile.TRAEFIK })]) {
      const { objects, violations } = renderDefinition(kitchenSink, root, conventions);
      expect(violations).toEqual([]);
      expect(objects.map((o) => o.manifest.kind).sort()).toEqual(
        ['ConfigMap', 'CronJob', 'Deployment', 'Deployment', 'Ingress', 'Ingress', 'Kustomization', 'PersistentVolumeClaim', 'SealedSecret', 'Service', 'Service']);
      for (const { path, manifest } of objects) {
        expect({ path, errors: validator.validate(manifest) }).toEqual({ path, errors: [] });
      }
    }
  });

  test('the written files parse back into valid objects, namespace included', () => {
    const result = synthApps(root, [kitchenSink], { check: true });
    expect(result.violations.filter((v) => v.severity === 'error')).toEqual([]);
    const validator = schemaValidator();
    for (const [rel, content] of result.plan!.files) {
      if (!rel.endsWith('.yaml') || rel.endsWith('kustomization.yaml')) continue;
      expect({ rel, errors: validator.validate(parse(content, { version: '1.1' })) }).toEqual({ rel, errors: [] });
    }
  });

  test('fails objects with unknown fields, wrong types or unknown kinds (the validator can fail)', () => {
    const validator = schemaValidator();
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'x', finalizer: ['typo'] }, spec: { accessModes: 'ReadWriteOnce' } };
    expect(validator.validate(pvc)).toEqual(expect.arrayContaining([
      { path: '/metadata', message: "must NOT have additional properties 'finalizer'" },
      { path: '/spec/accessModes', message: 'must be array' },
    ]));
    const flux = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { interval: '10m', prune: 'true', sourceRef: { kind: 'GitRepository', name: 'x' } } };
    expect(validator.validate(flux)).toEqual(expect.arrayContaining([{ path: '/spec/prune', message: 'must be boolean' }]));
    const sealed = { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'x', labels: { a: 1 } }, spec: { encryptedData: { k: 2 } } };
    expect(validator.validate(sealed)).toEqual(expect.arrayContaining([
      { path: '/metadata/labels/a', message: 'must be string' },
      { path: '/spec/encryptedData/k', message: 'must be string' },
    ]));
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 99999999999, targetPort: 1.5 }] } };
    expect(validator.validate(service).map((e) => e.path)).toEqual(expect.arrayContaining(['/spec/ports/0/port', '/spec/ports/0/targetPort']));
    expect(validator.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toEqual([{ path: '', message: 'no schema for example.com/v1, Kind=Widget' }]);
    expect(validator.validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ image: 'x' }] } } } }))
      .toEqual([{ path: '/spec/template/spec/containers/0', message: "must have required property 'name'" }]);
  });
});
