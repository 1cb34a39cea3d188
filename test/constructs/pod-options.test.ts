import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import {
  AppChart, AppConfigMap, STILLON_PROFILE, StandardApp, StatefulApp, StillonCronJob, StillonJob, addInitContainer, addSidecar, defineApp, placePod,
} from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, synthApps } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => {
  root = emptyRoot();
  mkdirSync(join(root, 'apps', 'files', 'photos'), { recursive: true });
  writeFileSync(join(root, 'apps', 'files', 'photos', 'config.yaml'), 'ml:\n  enabled: true\n');
});
afterAll(() => removeRoot(root));

/** A photo library: web app with an init container and an ML sidecar sharing a cache, a database, a nightly job and a migration. */
const photos = defineApp('photos', (app) => {
  const web = new StandardApp(app, 'server', { image: 'ghcr.io/immich-app/immich-server:v1.119.0', port: 2283 });
  const cache = kplus.Volume.fromEmptyDir(app, 'cache', 'model-cache');
  addInitContainer(web, { name: 'warm-cache', image: 'busybox:1.36.1', command: ['sh', '-c', 'mkdir -p /cache/models'] }).mount('/cache', cache);
  addSidecar(web, { name: 'machine-learning', image: 'ghcr.io/immich-app/immich-machine-learning:v1.119.0' }).mount('/cache', cache);
  web.mount('/cache', cache);
  placePod(web, { nodeSelector: { 'kubernetes.io/hostname': 'nas' }, tolerations: [{ key: 'gpu', effect: 'NoSchedule' }] }, 'photos/server');
  const config = new AppConfigMap(app, 'photos-config', { files: { 'config.yaml': 'apps/files/photos/config.yaml' } });
  config.mountFile(web, '/config/config.yaml', 'config.yaml');
  new StatefulApp(app, 'db', {
    image: 'postgres:16.4',
    ports: { postgres: 5432 },
    security: { runAsRoot: true },
    claimTemplates: { data: { size: '10Gi', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' } },
  });
  new StillonCronJob(app, 'nightly', { image: 'busybox:1.36.1', schedule: '0 3 * * *', command: ['true'] });
  new StillonJob(app, 'migrate', { image: 'busybox:1.36.1', command: ['true'] });
});

describe('pod options on a StandardApp, and every new construct through synth', () => {
  test('init container and sidecar share a volume with the main container; placement lands on the Deployment', () => {
    const { objects, violations } = renderDefinition(photos, root);
    expect(violations).toEqual([]);
    const pod = manifestOf(objects, 'Deployment', 'server').spec.template;
    expect(pod.spec.initContainers.map((c: any) => [c.name, c.volumeMounts])).toEqual([['warm-cache', [{ name: 'model-cache', mountPath: '/cache' }]]]);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['server', 'machine-learning']);
    for (const c of pod.spec.containers) expect(c.volumeMounts).toContainEqual({ name: 'model-cache', mountPath: '/cache' });
    expect(pod.spec.volumes.filter((v: any) => v.name === 'model-cache')).toEqual([{ name: 'model-cache', emptyDir: {} }]);
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'nas' });
    expect(pod.spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.hostNetwork).toBe(false);
    expect(pod.spec.dnsPolicy).toBe('ClusterFirst');
    expect(pod.metadata.annotations['stillon.top/config-hash']).toMatch(/^[0-9a-f]{16}$/);
    for (const { path, manifest } of objects) expect({ path, errors: schemaValidator().validate(manifest) }).toEqual({ path, errors: [] });
  });

  test('synth passes every rule and writes one file per object, the same bytes twice', () => {
    const first = synthApps(root, [photos], { check: true });
    expect(first.violations.filter((v) => v.severity === 'error')).toEqual([]);
    const files = [...first.plan!.files.keys()].filter((f) => f.startsWith('kustomize/photos/')).sort();
    expect(files).toEqual(expect.arrayContaining([
      'kustomize/photos/configmap-photos-config.yaml',
      'kustomize/photos/cronjob-nightly.yaml',
      'kustomize/photos/job-migrate.yaml',
      'kustomize/photos/service-db.yaml',
      'kustomize/photos/statefulset-db.yaml',
    ]));
    const second = synthApps(root, [photos], { check: true });
    expect([...second.plan!.files]).toEqual([...first.plan!.files]);
  });

  test('the written app builds with real kubectl kustomize into schema-valid objects', () => {
    const result = synthApps(root, [photos]);
    expect(result.violations.filter((v) => v.severity === 'error')).toEqual([]);
    const built = spawnSync('kubectl', ['kustomize', 'kustomize/photos'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });
    const objects = parseAllDocuments(built.stdout, { version: '1.1' }).map((d) => d.toJS());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/photos-config', 'CronJob/nightly', 'Deployment/server', 'Ingress/server', 'Job/migrate', 'Service/db', 'Service/server', 'StatefulSet/db',
    ]);
    for (const object of objects) {
      const where = `${object.kind}/${object.metadata.name}`;
      expect({ where, errors: schemaValidator().validate(object) }).toEqual({ where, errors: [] });
    }
  });

  test('lists the conventions each new workload applies to a live object, config hash and claim retention included', () => {
    const chart = new AppChart(new App(), 'photos', { conventions: STILLON_PROFILE, rootDir: root });
    const db = new StatefulApp(chart, 'db', { image: 'postgres:16.4', ports: { postgres: 5432 }, claimTemplates: { data: { size: '1Gi', mountPath: '/d' } } });
    new AppConfigMap(chart, 'cfg', { data: { a: 'b' } }).envFrom(db).mount(db, '/cfg');
    new StillonCronJob(chart, 'nightly', { image: 'busybox:1.36.1', schedule: '0 3 * * *' });
    const applied = chart.conventionsApplied().map((c) => `${c.object} ${c.convention}`);
    expect(applied).toEqual(expect.arrayContaining([
      'StatefulSet/db ClaimRetention', 'StatefulSet/db ConfigHash', 'StatefulSet/db PodSecurity', 'StatefulSet/db ContainerSecurity',
      'StatefulSet/db StandardLabels', 'StatefulSet/db ServiceAccountToken', 'CronJob/nightly PullPolicy', 'CronJob/nightly ResourceRequests',
    ]));
    expect(applied.filter((a) => a === 'StatefulSet/db ConfigHash')).toHaveLength(1);
  });
});
