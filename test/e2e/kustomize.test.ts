import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { schemaValidator } from '../support/schemas';
import { FIXTURE_REPO, removeTempRepo, runCli, tempRepo } from '../support/temp-repo';

/** `kubectl kustomize <dir>` in `repo`, parsed the way the API server reads it (YAML 1.1). */
function kustomize(repo: string, dir: string): any[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  expect({ dir, status: result.status, stderr: result.stderr }).toEqual({ dir, status: 0, stderr: '' });
  return parseAllDocuments(result.stdout, { version: '1.1' }).map((d) => d.toJS());
}
const find = (objects: any[], kind: string, name: string) => {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('kubectl kustomize on the synthesized repository', () => {
  // The fixture's committed output, built in place: synth-cli.test.ts proves a fresh synth writes
  // exactly these files.
  const repo = FIXTURE_REPO;
  let apps: string[];
  beforeAll(() => {
    apps = readdirSync(join(repo, 'kustomize')).sort();
  });

  test('builds every kustomize/<app>/ into schema-valid objects, all in the app namespace and none a Namespace', () => {
    expect(apps).toEqual(['bookmarks', 'echo', 'reader']);
    const validator = schemaValidator();
    for (const app of apps) {
      const objects = kustomize(repo, `kustomize/${app}`);
      expect(objects.length).toBeGreaterThan(1);
      for (const object of objects) {
        const where = `${app}: ${object.kind}/${object.metadata.name}`;
        expect({ where, errors: validator.validate(object) }).toEqual({ where, errors: [] });
        expect({ where, namespace: object.metadata.namespace }).toEqual({ where, namespace: app });
        expect(object.kind).not.toBe('Namespace');
      }
    }
  });

  test('builds apps/ into one Flux Kustomization per app and no Namespace', () => {
    const objects = kustomize(repo, 'apps');
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`).sort()).toEqual(apps.map((a) => `kustomize.toolkit.fluxcd.io/v1 Kustomization/${a}`));
    const validator = schemaValidator();
    for (const object of objects) expect(validator.validate(object)).toEqual([]);
  });

  test('bookmarks: Deployment, Service, Ingress, protected claim and SealedSecret as the issue asks', () => {
    const objects = kustomize(repo, 'kustomize/bookmarks');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/bookmarks', 'Ingress/bookmarks', 'PersistentVolumeClaim/bookmarks-data', 'SealedSecret/bookmarks-admin', 'Service/bookmarks',
    ]);

    const deployment = find(objects, 'Deployment', 'bookmarks');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = deployment.spec.template.spec;
    const container = pod.containers.find((c: any) => c.name === 'bookmarks');
    expect(container.ports).toEqual([{ containerPort: 9090, name: 'http' }]);
    expect(container.env).toContainEqual({ name: 'ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'bookmarks-admin', key: 'ADMIN_PASSWORD' } } });
    const mount = container.volumeMounts.find((m: any) => m.mountPath === '/var/lib/bookmarks');
    expect(pod.volumes.find((v: any) => v.name === mount.name).persistentVolumeClaim.claimName).toBe('bookmarks-data');

    const service = find(objects, 'Service', 'bookmarks');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 9090 }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);

    const ingress = find(objects, 'Ingress', 'bookmarks');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['bookmarks.stillon.top']);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'bookmarks', port: { number: 80 } });
    expect(ingress.spec.tls).toEqual([{ hosts: ['bookmarks.stillon.top'], secretName: 'bookmarks-tls' }]);
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');

    const pvc = find(objects, 'PersistentVolumeClaim', 'bookmarks-data');
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(pvc.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');

    const sealed = find(objects, 'SealedSecret', 'bookmarks-admin');
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['ADMIN_PASSWORD']);
  });

  test('bookmarks: apps/bookmarks.yaml is its Flux Kustomization and namespaces/bookmarks.yaml its Namespace', () => {
    const flux = find(kustomize(repo, 'apps'), 'Kustomization', 'bookmarks');
    expect(flux.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(flux.metadata.namespace).toBe('flux-system');
    expect(flux.spec).toMatchObject({ path: './kustomize/bookmarks', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, targetNamespace: 'bookmarks' });
    const ns = parseAllDocuments(readFileSync(join(repo, 'namespaces/bookmarks.yaml'), 'utf8')).map((d) => d.toJS());
    expect(ns).toEqual([expect.objectContaining({ apiVersion: 'v1', kind: 'Namespace', metadata: expect.objectContaining({ name: 'bookmarks' }) })]);
  });
});

describe('YAML 1.1 safety through kubectl kustomize', () => {
  let repo: string;
  afterAll(() => removeTempRepo(repo));

  test('string env values yes, on, y, 0777 (and friends) stay strings', () => {
    repo = tempRepo();
    const values = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'true', 'False', 'null', '~', '0777', '0x1F', '1e3', '1.0', '12:30', '2024-01-01', '='];
    writeFileSync(join(repo, 'apps', 'quoting.ts'), `import { StandardApp, defineApp } from '../src';

export default defineApp('quoting', (app) => {
  new StandardApp(app, 'web', {
    image: 'nginx:1.27.3',
    env: ${JSON.stringify(Object.fromEntries(values.map((v, i) => [`V${i}`, v])))},
  });
});
`);
    expect(runCli(repo, ['synth'])).toMatchObject({ code: 0 });
    const deployment = find(kustomize(repo, 'kustomize/quoting'), 'Deployment', 'web');
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env).toEqual(values.map((value, i) => ({ name: `V${i}`, value })));
  });
});
