import { StandardApp, defineApp, resolveConventions } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

describe('FluxKustomization', () => {
  test('renders apps/<app>.yaml: a kustomize.toolkit.fluxcd.io/v1 Kustomization with the Stillon defaults', () => {
    const { objects } = renderDefinition(defineApp('demo', () => {}), root);
    const flux = objects.find((o) => o.path === 'apps/demo.yaml')!;
    expect(flux.manifest).toMatchObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'demo', namespace: 'flux-system' } });
    expect(flux.manifest.spec).toEqual({
      interval: '10m0s',
      path: './kustomize/demo',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      targetNamespace: 'demo',
    });
    expect(flux.manifest.spec.postBuild).toBeUndefined();
  });

  test('takes wait, timeout, health checks and dependencies (sorted, added later too)', () => {
    const { objects } = renderDefinition(defineApp('demo', {
      flux: { wait: true, timeout: '5m', dependsOn: ['postgres'], healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'demo' }] },
    }, (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3' });
      app.flux.dependOn('cert-manager');
      app.flux.dependOn('postgres');
    }), root);
    expect(manifestOf(objects, 'Kustomization', 'demo').spec).toMatchObject({
      wait: true,
      timeout: '5m',
      dependsOn: [{ name: 'cert-manager' }, { name: 'postgres' }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'demo' }],
    });
  });

  test('follows the conventions\' Flux defaults and paths', () => {
    const conventions = resolveConventions({ flux: { namespace: 'flux', interval: '1h', prune: false, sourceRef: { kind: 'OCIRepository', name: 'repo' } }, paths: { kustomize: 'deploy' } });
    const { objects } = renderDefinition(defineApp('demo', () => {}), root, conventions);
    expect(manifestOf(objects, 'Kustomization', 'demo')).toMatchObject({
      metadata: { namespace: 'flux' },
      spec: { interval: '1h', prune: false, path: './deploy/demo', sourceRef: { kind: 'OCIRepository', name: 'repo' } },
    });
  });
});
