import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ApiAccess, AppChart, HealthProbe, STILLON_PROFILE, SealedSecretRef, StatefulApp, StatefulAppProps, StillonError, addInitContainer, addSidecar, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, sealInto } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(async () => {
  root = emptyRoot();
  await sealInto(root, 'demo', 'db-creds', { password: 'pw' });
});
afterAll(() => removeRoot(root));

const POSTGRES: StatefulAppProps = {
  image: 'postgres:16.4',
  ports: { postgres: 5432 },
  security: { runAsRoot: true },
  claimTemplates: { data: { size: '10Gi', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata', storageClassName: 'local-path' } },
};

function render(props: Partial<StatefulAppProps> = {}, more: (app: AppChart, db: StatefulApp) => void = () => {}) {
  const result = renderDefinition(defineApp('demo', (app) => more(app, new StatefulApp(app, 'db', { ...POSTGRES, ...props }))), root);
  expect(result.violations).toEqual([]);
  return result.objects;
}

function thrown(props: Partial<StatefulAppProps>): StillonError {
  try {
    new StatefulApp(new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root }), 'db', { ...POSTGRES, ...props });
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('StatefulApp', () => {
  test('renders a StatefulSet with stable names and selector, Retain, and a claim template mounted by name', () => {
    const objects = render();
    const sts = manifestOf(objects, 'StatefulSet', 'db');
    expect(sts.spec).toMatchObject({
      replicas: 1,
      serviceName: 'db',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'demo' } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'local-path' },
      }],
    });
    // Templates carry neither finalizer nor prune annotation: they are immutable on a live StatefulSet.
    expect(sts.spec.volumeClaimTemplates[0].metadata).toEqual({ name: 'data' });
    expect(sts.spec.volumeClaimTemplates[0].metadata.annotations).toBeUndefined();
    const pod = sts.spec.template.spec;
    const c = pod.containers.find((x: any) => x.name === 'db');
    expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(c.ports).toEqual([{ containerPort: 5432, name: 'postgres' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(JSON.stringify(sts)).not.toContain('cdk8s.io');
  });

  test('renders the headless Service selecting the pods on the named ports', () => {
    const s = manifestOf(render(), 'Service', 'db');
    expect(s.spec.selector).toEqual({ 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'demo' });
    expect(s.spec).toMatchObject({ clusterIP: 'None', type: 'ClusterIP', ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] });
  });

  test('drops the pod volumes list when only claim templates were mounted', () => {
    const sts = manifestOf(render({ security: { runAsRoot: true, writableRootFilesystem: true } }), 'StatefulSet', 'db');
    expect(sts.spec.template.spec.volumes).toBeUndefined();
    expect(sts.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' }]);
  });

  test('keeps a given selector, service name, container name and template labels, for adopting a live StatefulSet', () => {
    const objects = render({
      selector: { app: 'postgres' },
      serviceName: 'postgres-headless',
      containerName: 'postgres',
      replicas: 2,
      claimTemplates: { data: { size: '10Gi', mountPath: '/var/lib/postgresql/data', labels: { app: 'postgres' } } },
    });
    expect(manifestOf(objects, 'StatefulSet', 'db').spec.volumeClaimTemplates[0].metadata).toEqual({ name: 'data', labels: { app: 'postgres' } });
    const sts = manifestOf(objects, 'StatefulSet', 'db');
    expect(sts.spec.selector).toEqual({ matchLabels: { app: 'postgres' } });
    expect(sts.spec.serviceName).toBe('postgres-headless');
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['postgres']);
    expect(manifestOf(objects, 'Service', 'postgres-headless').spec.selector).toEqual({ app: 'postgres' });
  });

  test('takes sealed env, probes, placement, an init container and a sidecar sharing a volume', () => {
    const objects = render({
      readiness: HealthProbe.exec(['pg_isready']),
      liveness: HealthProbe.tcp(),
      nodeSelector: { 'kubernetes.io/hostname': 'nas' },
      tolerations: [{ key: 'storage', value: 'ssd', effect: 'NoSchedule' }, { key: 'dedicated' }, { effect: 'NoExecute', key: 'x', evictAfter: Duration.seconds(60) }],
      hostNetwork: true,
    }, (app, db) => {
      db.container.env.addVariable('POSTGRES_PASSWORD', new SealedSecretRef(app, 'db-creds').key('password').envValue);
      const shared = kplus.Volume.fromEmptyDir(app, 'shared', 'shared');
      addInitContainer(db, { name: 'init-config', image: 'busybox:1.36.1', command: ['sh', '-c', 'echo x > /shared/x'] }).mount('/shared', shared);
      addSidecar(db, { name: 'exporter', image: 'prometheuscommunity/postgres-exporter:v0.15.0' }).mount('/shared', shared, { readOnly: true });
      db.container.mount('/shared', shared);
    });
    const pod = manifestOf(objects, 'StatefulSet', 'db').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'nas' });
    expect(pod.tolerations).toEqual([
      { key: 'storage', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists' },
      { key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.initContainers.map((c: any) => [c.name, c.volumeMounts])).toEqual([['init-config', [{ name: 'shared', mountPath: '/shared' }]]]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['db', 'exporter']);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'shared', emptyDir: {} }]);
    expect(pod.containers[0].readinessProbe.exec).toEqual({ command: ['pg_isready'] });
    expect(pod.containers[0].livenessProbe.tcpSocket).toEqual({ port: 5432 });
    expect(pod.containers[0].env).toEqual([{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }]);
  });

  test('runs without a ServiceAccount token unless it has ApiAccess', () => {
    expect(manifestOf(render(), 'StatefulSet', 'db').spec.template.spec.automountServiceAccountToken).toBe(false);
    const pod = manifestOf(render({}, () => {}), 'StatefulSet', 'db').spec.template.spec;
    expect(pod.serviceAccountName).toBeUndefined();
    const withAccess = renderDefinition(defineApp('demo', (app) => {
      new StatefulApp(app, 'db', { ...POSTGRES, apiAccess: new ApiAccess(app, 'db-api', { name: 'db-api' }) });
    }), root);
    expect(withAccess.violations).toEqual([]);
    const spec = manifestOf(withAccess.objects, 'StatefulSet', 'db').spec.template.spec;
    expect(spec).toMatchObject({ automountServiceAccountToken: true, serviceAccountName: 'db-api' });
  });

  test('every object validates against the Kubernetes 1.28 schemas', () => {
    const objects = render({ tolerations: [{ key: 'a' }], nodeSelector: { a: 'b' } }, (_app, db) => addInitContainer(db, { name: 'init', image: 'busybox:1.36.1' }));
    for (const { path, manifest } of objects) expect({ path, errors: schemaValidator().validate(manifest) }).toEqual({ path, errors: [] });
  });

  test.each([
    [{ ports: undefined as any }, 'MissingPort', 'needs at least one port'],
    [{ ports: {} }, 'MissingPort', 'needs at least one port'],
    [{ ports: { postgres: 0 } }, 'InvalidPort', 'port postgres must be a whole number from 1 to 65535, got 0'],
    [{ ports: { 'postgres-primary-port': 5432 } }, 'InvalidPort', "port name 'postgres-primary-port' is not an IANA service name"],
  ])('fails on ports %p', (props, code, message) => {
    expect(thrown(props)).toMatchObject({ code, message: expect.stringContaining(message) });
  });

  test('renders byte-identical output twice', () => {
    expect(JSON.stringify(render())).toBe(JSON.stringify(render()));
  });

  test('fails on a misspelled prop, also inside a claim template, with UnknownProp', () => {
    expect(thrown({ replica: 2 } as any)).toMatchObject({ code: 'UnknownProp', message: "[demo/db] UnknownProp: unknown prop 'replica'; fix: did you mean 'replicas'?" });
    expect(thrown({ claimTemplates: { data: { size: '1Gi', mountPath: '/d', storageClass: 'x' } as any } }))
      .toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("'claimTemplates.<name>.storageClass'") });
    expect(thrown({ tolerations: [{ keys: 'a' } as any] })).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("'tolerations[].keys'") });
  });

  test('fails on a bad template name, size or toleration', () => {
    expect(thrown({ claimTemplates: { Data: { size: '1Gi', mountPath: '/d' } } })).toMatchObject({ code: 'InvalidName', message: expect.stringContaining("claim template 'Data' is not a DNS-1123 label") });
    expect(thrown({ claimTemplates: { data: { size: '1GB', mountPath: '/d' } } })).toMatchObject({ code: 'InvalidSize' });
    expect(thrown({ tolerations: [{ value: 'x' }] })).toMatchObject({ code: 'InvalidToleration', message: expect.stringContaining('without a key') });
    expect(thrown({ image: 'postgres 16' })).toMatchObject({ code: 'InvalidImage' });
  });

  test('fails an init container without a name with MissingContainerName', () => {
    const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
    const db = new StatefulApp(chart, 'db', POSTGRES);
    expect(() => addInitContainer(db, { image: 'busybox:1.36.1' } as any)).toThrow(expect.objectContaining({ code: 'MissingContainerName' }));
  });
});
