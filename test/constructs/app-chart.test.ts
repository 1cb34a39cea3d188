import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppChart, ProtectedPvc, STILLON_PROFILE, StandardApp, StillonError, defineApp, environmentConventions, resolveConventions } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function thrown(fn: () => unknown): StillonError {
  try {
    fn();
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('AppChart', () => {
  test('puts every object in the app namespace with the recommended labels', () => {
    const { objects, violations } = renderDefinition(defineApp('demo', (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 });
      new ProtectedPvc(app, 'data', { size: '1Gi' });
    }), root);

    expect(violations).toEqual([]);
    for (const { manifest } of objects.filter((o) => o.manifest.kind !== 'Kustomization')) {
      expect(manifest.metadata.namespace).toBe('demo');
      expect(manifest.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': 'demo',
        'app.kubernetes.io/part-of': 'demo',
        'app.kubernetes.io/managed-by': 'stillon-gitops',
      });
      expect(manifest.metadata.labels['app.kubernetes.io/component']).toEqual(expect.any(String));
    }
    expect(manifestOf(objects, 'Kustomization', 'demo').metadata.namespace).toBe('flux-system');
  });

  test('takes the namespace option for every object and the Flux targetNamespace', () => {
    const { objects } = renderDefinition(defineApp('demo', { namespace: 'tools' }, (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 });
    }), root);

    expect(manifestOf(objects, 'Deployment', 'web').metadata.namespace).toBe('tools');
    expect(manifestOf(objects, 'Service', 'web').metadata.namespace).toBe('tools');
    expect(manifestOf(objects, 'Kustomization', 'demo').spec.targetNamespace).toBe('tools');
  });

  test('puts the description on workloads', () => {
    const { objects } = renderDefinition(defineApp('demo', { description: 'A demo' }, (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 });
    }), root);

    expect(manifestOf(objects, 'Deployment', 'web').metadata.annotations).toEqual({ 'stillon.top/description': 'A demo' });
  });

  test('AppChart.of finds the chart from a nested construct', () => {
    const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
    const web = new StandardApp(chart, 'web', { image: 'nginx:1.27.3' });
    expect(AppChart.of(web.deployment)).toBe(chart);
  });

  test('AppChart.of skips a plain cdk8s Chart nested in the app (cdk8s answers instanceof for any Chart)', () => {
    const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
    const nested = new Chart(chart, 'nested');
    expect(AppChart.of(new ProtectedPvc(nested, 'data', { size: '1Gi' }))).toBe(chart);
    expect(nested instanceof AppChart).toBe(false);
    expect(AppChart.isAppChart(chart)).toBe(true);
  });

  test.each(['Linkding', 'my_app', '-app', 'app-', 'a'.repeat(64), ''])('fails on the app name %p with InvalidName', (name) => {
    const error = thrown(() => new AppChart(new App(), name, { conventions: STILLON_PROFILE, rootDir: root }));
    expect(error).toBeInstanceOf(StillonError);
    expect(error.code).toBe('InvalidName');
    expect(error.message).toContain(`app name '${name}' is not a DNS-1123 label`);
  });

  test('fails on a namespace that is not a DNS-1123 label, with InvalidName and a suggestion', () => {
    const error = thrown(() => new AppChart(new App(), 'demo', { namespace: 'My Tools', conventions: STILLON_PROFILE, rootDir: root }));
    expect(error.code).toBe('InvalidName');
    expect(error.message).toMatch(/^\[demo\] InvalidName: namespace 'My Tools' is not a DNS-1123 label .*; fix: rename it, e\.g\. 'my-tools'$/);
  });

  test('fails with OutsideApp when a construct is created outside an app', () => {
    const chart = new Chart(new App(), 'plain');
    const error = thrown(() => new ProtectedPvc(chart, 'data', { size: '1Gi' }));
    expect(error.code).toBe('OutsideApp');
    expect(error.message).toContain('this construct must be created inside an app');
  });

  test('fails with InvalidName through synth\'s build, as a violation', () => {
    const { violations } = renderDefinition(defineApp('Demo', (app) => {
      new kplus.ConfigMap(app, 'cm');
    }), root);
    expect(violations).toEqual([expect.objectContaining({ code: 'InvalidName', message: expect.stringContaining("app name 'Demo'") })]);
  });
});

describe('AppChart in an environment or on a cluster', () => {
  const staging = environmentConventions(resolveConventions({ environments: { staging: {} } }), 'staging');

  test('the variant <app>-<env> names the chart, the Flux Kustomization and its folder, the namespace and the instance label; name and part-of stay the app', () => {
    const { objects, violations } = renderDefinition(defineApp('demo', (app) => {
      expect(app.appName).toBe('demo');
      expect(app.instanceName).toBe('demo-staging');
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 });
    }), root, staging);
    expect(violations).toEqual([]);
    const deployment = manifestOf(objects, 'Deployment', 'web');
    expect(deployment.metadata.namespace).toBe('demo-staging');
    expect(deployment.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo-staging' });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'demo-staging' });
    const service = manifestOf(objects, 'Service', 'web');
    expect(service.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'demo', 'app.kubernetes.io/instance': 'demo-staging' });
    const flux = manifestOf(objects, 'Kustomization', 'demo-staging');
    expect(flux.spec).toMatchObject({ path: './kustomize/demo-staging', targetNamespace: 'demo-staging' });
  });

  test('a namespace function gives one namespace per variant', () => {
    const namespace = ({ env }: { env?: string }) => (env === 'production' ? 'demo' : `demo-${env}`);
    const { objects, violations } = renderDefinition(defineApp('demo', { namespace }, (app) => {
      new ProtectedPvc(app, 'data', { size: '1Gi' });
    }), root, staging);
    expect(violations).toEqual([]);
    expect(manifestOf(objects, 'PersistentVolumeClaim', 'demo-data').metadata.namespace).toBe('demo-staging');
  });

  test('fails: a variant name longer than a DNS-1123 label allows names the app', () => {
    const { violations } = renderDefinition(defineApp(`a${'b'.repeat(55)}`, () => undefined), root, staging);
    expect(violations).toHaveLength(1);
    expect(violations[0].code).toBe('InvalidName');
    expect(violations[0].message).toContain('variant name');
  });
});
