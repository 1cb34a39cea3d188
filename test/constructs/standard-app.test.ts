import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppChart, ProtectedPvc, STILLON_PROFILE, SealedSecretRef, StandardApp, StandardAppProps, StillonError, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, sealInto } from '../support/app-fixture';

let root: string;
beforeAll(async () => {
  root = emptyRoot();
  await sealInto(root, 'demo', 'creds', { PASSWORD: 'pw', TOKEN: 'tok' });
});
afterAll(() => removeRoot(root));

/** Renders app `demo` with one StandardApp `web` (plus whatever `more` adds). */
function render(props: Partial<StandardAppProps> = {}, more: (app: AppChart, web: StandardApp) => void = () => {}) {
  const result = renderDefinition(defineApp('demo', (app) => {
    more(app, new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080, ...props }));
  }), root);
  expect(result.violations).toEqual([]);
  return result.objects;
}
const deployment = (objects: ReturnType<typeof render>) => manifestOf(objects, 'Deployment', 'web');
const container = (objects: ReturnType<typeof render>) => deployment(objects).spec.template.spec.containers.find((c: any) => c.name === 'web');

function thrown(props: Partial<StandardAppProps>): StillonError {
  const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
  try {
    new StandardApp(chart, 'web', { image: 'nginx:1.27.3', ...props });
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('StandardApp', () => {
  test('renders a Deployment with one replica, stable labels and selector, and home-lab defaults', () => {
    const d = deployment(render());
    expect(d.apiVersion).toBe('apps/v1');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo' } });
    expect(d.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/component': 'web',
    });
    expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web' });
    expect(JSON.stringify(d)).not.toContain('cdk8s.io');
    expect(d.spec.strategy.type).not.toBe('Recreate');
  });

  test('gives the container pinned pull policy, small resources, a secure context and a writable /tmp', () => {
    const objects = render();
    const c = container(objects);
    expect(c).toMatchObject({
      image: 'nginx:1.27.3',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 8080, name: 'http' }],
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
      securityContext: {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    // No limits: a memory limit OOM-kills a JVM or a search engine on its first reconcile.
    expect(c.resources.limits).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
    expect(c.readinessProbe).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(deployment(objects).spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(deployment(objects).spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  test('renders a ClusterIP Service from port 80 to the container port, selecting the pods', () => {
    const s = manifestOf(render(), 'Service', 'web');
    expect(s.spec.type).toBe('ClusterIP');
    expect(s.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
    expect(s.spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo' });
  });

  test('publishes a StillonIngress to the Service by default', () => {
    const i = manifestOf(render(), 'Ingress', 'web');
    expect(i.spec.rules).toEqual([{ host: 'demo.stillon.top', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }]);
  });

  test('renders neither Service nor Ingress without a port, and no Ingress with expose: false', () => {
    const noPort = render({ port: undefined });
    expect(noPort.map((o) => o.manifest.kind).sort()).toEqual(['Deployment', 'Kustomization']);
    const internal = render({ expose: false, servicePort: 8080 });
    expect(internal.map((o) => o.manifest.kind).sort()).toEqual(['Deployment', 'Kustomization', 'Service']);
    expect(manifestOf(internal, 'Service', 'web').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
  });

  test('switches to Recreate when a claim is mounted, and mounts it', () => {
    const objects = render({}, (app, web) => web.mount('/data', new ProtectedPvc(app, 'data', { size: '1Gi' })));
    const d = deployment(objects);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(container(objects).volumeMounts).toContainEqual({ mountPath: '/data', name: 'demo-data' });
    expect(d.spec.template.spec.volumes).toContainEqual({ name: 'demo-data', persistentVolumeClaim: { claimName: 'demo-data', readOnly: false } });
  });

  test('mounts one claim twice (two subPaths) through one pod volume', () => {
    const objects = render({}, (app, web) => {
      const etc = new ProtectedPvc(app, 'etc', { size: '1Gi' });
      web.mount('/etc/pihole', etc, { subPath: 'pihole' }).mount('/etc/dnsmasq.d', etc, { subPath: 'dnsmasq.d', readOnly: true });
    });
    expect(container(objects).volumeMounts.filter((m: any) => m.name === 'demo-etc')).toEqual([
      { mountPath: '/etc/pihole', name: 'demo-etc', subPath: 'pihole' },
      { mountPath: '/etc/dnsmasq.d', name: 'demo-etc', subPath: 'dnsmasq.d', readOnly: true },
    ]);
    expect(deployment(objects).spec.template.spec.volumes.filter((v: any) => v.persistentVolumeClaim)).toEqual([
      { name: 'demo-etc', persistentVolumeClaim: { claimName: 'demo-etc', readOnly: false } },
    ]);
  });

  test('sets literal env values and sealed keys, in props and through env()', () => {
    const objects = render({ env: { MODE: 'prod' } }, (app, web) => {
      const creds = new SealedSecretRef(app, 'creds');
      web.env('PASSWORD', creds.key('PASSWORD')).env('ENABLED', 'yes');
    });
    expect(container(objects).env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
      { name: 'ENABLED', value: 'yes' },
    ]);
  });

  test('envFrom and mountSecret consume a sealed secret', () => {
    const objects = render({}, (app, web) => {
      const creds = new SealedSecretRef(app, 'creds');
      web.envFrom(creds).mountSecret('/run/creds', creds, ['TOKEN']);
    });
    const c = container(objects);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'creds' } }]);
    expect(c.volumeMounts).toContainEqual({ mountPath: '/run/creds', name: 'secret-creds', readOnly: true });
    expect(deployment(objects).spec.template.spec.volumes).toContainEqual({ name: 'secret-creds', secret: { secretName: 'creds', items: [{ key: 'TOKEN', path: 'TOKEN' }] } });
  });

  test('adds HTTP readiness and liveness probes on the port for healthCheckPath', () => {
    const c = container(render({ healthCheckPath: '/healthz' }));
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
  });

  test('relaxes the security context only as asked', () => {
    const objects = render({ security: { runAsRoot: true, writableRootFilesystem: true, user: 0 } });
    const c = container(objects);
    expect(c.securityContext).toMatchObject({ runAsNonRoot: false, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.volumeMounts).toBeUndefined();
  });

  test('keeps a given selector, for adopting an existing Deployment', () => {
    const objects = render({ selector: { app: 'legacy' } });
    expect(deployment(objects).spec.selector).toEqual({ matchLabels: { app: 'legacy' } });
    expect(deployment(objects).spec.template.metadata.labels).toMatchObject({ app: 'legacy' });
    expect(manifestOf(objects, 'Service', 'web').spec.selector).toEqual({ app: 'legacy' });
  });

  test('adds sidecars with the same defaults', () => {
    const objects = render({}, (_app, web) => web.addSidecar({ name: 'exporter', image: 'prom/exporter:1.0.0', portNumber: undefined }));
    const sidecar = deployment(objects).spec.template.spec.containers.find((c: any) => c.name === 'exporter');
    expect(sidecar).toMatchObject({ imagePullPolicy: 'IfNotPresent', securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true } });
  });

  test('containerName and portName keep a live container and port name (redis in paperless-redis), on the container and the Service', () => {
    const objects = render({ port: 6379, servicePort: 6379, containerName: 'redis', portName: 'redis', expose: false });
    const pod = deployment(objects).spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['redis']);
    expect(pod.containers[0].ports).toEqual([{ containerPort: 6379, name: 'redis' }]);
    expect(manifestOf(objects, 'Service', 'web').spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 6379 }]);
    // The workload keeps its own name.
    expect(deployment(objects).metadata.name).toBe('web');
  });

  test('fails on a bad containerName or portName, a portName without a port, and an extra port named as the main one', () => {
    expect(thrown({ containerName: 'Redis' })).toMatchObject({ code: 'InvalidName', message: expect.stringContaining("containerName 'Redis' is not a DNS-1123 label") });
    expect(thrown({ port: 6379, portName: 'redis-server-port' })).toMatchObject({ code: 'InvalidPort', message: expect.stringContaining("portName 'redis-server-port' is not an IANA service name") });
    expect(thrown({ port: 6379, portName: '6379' })).toMatchObject({ code: 'InvalidPort' });
    expect(thrown({ portName: 'redis' })).toMatchObject({ code: 'PortNameWithoutPort', message: expect.stringContaining("portName 'redis' is given but no port") });
    expect(thrown({ port: 6379, portName: 'redis', extraPorts: [{ name: 'redis', port: 6380 }] }))
      .toMatchObject({ code: 'InvalidPort', message: expect.stringContaining("port 'redis' is listed twice (the main port is named 'redis')") });
  });

  test('leaves replicas and resources to the props', () => {
    const objects = render({ replicas: 2, resources: { cpu: { request: kplus.Cpu.millis(200) }, memory: { request: Size.gibibytes(1) } } });
    expect(deployment(objects).spec.replicas).toBe(2);
    expect(container(objects).resources).toEqual({ requests: { cpu: '200m', memory: '1024Mi' } });
  });

  test.each([0, -1, 65536, 80.5])('fails on port %p with InvalidPort', (port) => {
    const error = thrown({ port });
    expect(error.code).toBe('InvalidPort');
    expect(error.message).toBe(`[demo/web] InvalidPort: port must be a whole number from 1 to 65535, got ${port}; fix: pass e.g. { port: 8080 }`);
  });

  test('fails on servicePort 70000 with InvalidPort', () => {
    expect(thrown({ port: 8080, servicePort: 70000 })).toMatchObject({ code: 'InvalidPort', message: expect.stringContaining('servicePort must be a whole number from 1 to 65535, got 70000') });
  });

  test.each(['Web', 'web_1', 'web.app'])('fails on the name %p with InvalidName', (name) => {
    expect(thrown({ name })).toMatchObject({ code: 'InvalidName', message: expect.stringContaining(`'${name}' is not a DNS-1123 label`) });
  });

  test.each(['', 'nginx 1.27'])('fails on the image %p with InvalidImage', (image) => {
    expect(thrown({ image })).toMatchObject({ code: 'InvalidImage', message: expect.stringContaining('is not an image reference') });
  });

  test('fails with ExposeWithoutPort when expose is asked without a port', () => {
    expect(thrown({ expose: true })).toMatchObject({ code: 'ExposeWithoutPort', message: expect.stringContaining('expose is true but no port is given') });
  });
});
