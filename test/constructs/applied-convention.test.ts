import { App } from 'cdk8s';
import { AppChart, ProtectedPvc, STILLON_PROFILE, ServiceKind, StandardApp, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, synthApps } from '../support/app-fixture';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function chart(): AppChart {
  return new AppChart(new App(), 'linkding', { conventions: STILLON_PROFILE, rootDir: root });
}

describe('AppChart.conventionsApplied', () => {
  test('lists, per object, every convention that changes a live object, sorted', () => {
    const app = chart();
    const web = new StandardApp(app, 'linkding', { image: 'sissbruecker/linkding:1.36.0', port: 9090, fsGroup: 1000 });
    web.mount('/etc/linkding/data', new ProtectedPvc(app, 'data', { size: '1Gi' }));
    web.addService('metrics', { name: 'linkding-metrics', kind: ServiceKind.NODE_PORT, ports: [{ name: 'metrics', port: 9100 }] });
    expect(app.conventionsApplied().map((c) => `${c.object} ${c.convention}: ${c.change}`)).toEqual([
      'Deployment/linkding ContainerSecurity: no privilege escalation, capabilities dropped, RuntimeDefault seccomp, read-only root with /tmp',
      'Deployment/linkding PodSecurity: runAsNonRoot: true, fsGroup: 1000',
      'Deployment/linkding PullPolicy: imagePullPolicy: IfNotPresent',
      'Deployment/linkding RecreateStrategy: spec.strategy.type: Recreate (a ReadWriteOnce claim is mounted)',
      'Deployment/linkding ResourceRequests: requests 50m CPU and 64Mi memory, no limits',
      'Deployment/linkding ServiceAccountToken: automountServiceAccountToken: false',
      'Deployment/linkding StandardLabels: app.kubernetes.io/* labels on the Deployment and its pods',
      'PersistentVolumeClaim/linkding-data PvcProtection: finalizer kubernetes.io/pvc-protection and kustomize.toolkit.fluxcd.io/prune: disabled',
      'Service/linkding StandardLabels: app.kubernetes.io/* labels',
      'Service/linkding-metrics StandardLabels: app.kubernetes.io/* labels',
    ]);
    expect(app.conventionsApplied().find((c) => c.convention === 'RecreateStrategy')?.path).toBe('linkding/linkding');
  });

  test('names only what applies: no Recreate without a claim, no ResourceRequests when resources are given, root noted', () => {
    const app = chart();
    new StandardApp(app, 'web', { image: 'nginx:latest', resources: {}, security: { runAsRoot: true } });
    const names = app.conventionsApplied().map((c) => c.convention);
    expect(names).not.toContain('RecreateStrategy');
    expect(names).not.toContain('ResourceRequests');
    expect(app.conventionsApplied().find((c) => c.convention === 'PullPolicy')?.change).toBe('imagePullPolicy: Always');
    expect(app.conventionsApplied().find((c) => c.convention === 'ContainerSecurity')?.change).toContain('but those root needs');
  });

  test('is empty for an app of plain objects only', () => {
    expect(chart().conventionsApplied()).toEqual([]);
  });
});

describe('adoption of live objects', () => {
  test('a claim binds to an existing volume under its exact existing name', () => {
    const { objects, violations } = renderDefinition(defineApp('gitea', (app) => {
      new ProtectedPvc(app, 'data', { size: '10Gi', name: 'gitea-shared-storage', volumeName: 'pvc-3f1c9a2e-0d4b-4c8e-9a51-2b7e6f0c1d93', storageClassName: 'local-path' });
    }), root);
    expect(violations).toEqual([]);
    expect(manifestOf(objects, 'PersistentVolumeClaim', 'gitea-shared-storage').spec).toMatchObject({ volumeName: 'pvc-3f1c9a2e-0d4b-4c8e-9a51-2b7e6f0c1d93', storageClassName: 'local-path' });
  });

  test('fails with InvalidName on a volumeName that is no object name', () => {
    expect(() => new ProtectedPvc(chart(), 'data', { size: '1Gi', volumeName: 'PV_1' })).toThrow(expect.objectContaining({ code: 'InvalidName', message: expect.stringContaining('volumeName') }));
  });

  test('Flux: force, no targetNamespace, per-app interval, timeout and wait', () => {
    const { objects } = renderDefinition(defineApp('coredns-custom', { namespace: 'kube-system', createNamespace: false, flux: { force: true, omitTargetNamespace: true, interval: '1h', timeout: '2m', wait: true } }, (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 80, expose: false });
    }), root);
    const flux = objects.find((o) => o.path === 'apps/coredns-custom.yaml')!.manifest;
    expect(flux.spec).toEqual({
      interval: '1h', path: './kustomize/coredns-custom', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, force: true, timeout: '2m', wait: true,
    });
    // Objects still name their namespace, so they land where targetNamespace would have put them.
    expect(manifestOf(objects, 'Deployment', 'web').metadata.namespace).toBe('kube-system');
  });

  test('several apps in kube-system: each its own Kustomization, one namespace, and createNamespace recorded on the chart', () => {
    const defs = ['a', 'b'].map((name) => defineApp(`tool-${name}`, { namespace: 'kube-system', createNamespace: false }, (app) => {
      new StandardApp(app, name, { image: 'nginx:1.27.3' });
    }));
    const own = emptyRoot();
    try {
      const result = synthApps(own, defs);
      expect(result.violations.filter((v) => v.severity === 'error')).toEqual([]);
      expect(result.apps.map((a) => [a.name, a.namespace])).toEqual([['tool-a', 'kube-system'], ['tool-b', 'kube-system']]);
    } finally {
      removeRoot(own);
    }
    const app = new AppChart(new App(), 'tool-a', { conventions: STILLON_PROFILE, rootDir: root, namespace: 'kube-system', createNamespace: false });
    expect(app.createNamespace).toBe(false);
    expect(new AppChart(new App(), 'x', { conventions: STILLON_PROFILE, rootDir: root }).createNamespace).toBe(true);
  });
});
