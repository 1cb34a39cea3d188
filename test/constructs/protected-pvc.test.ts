import { App, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { AppChart, ProtectedPvc, ProtectedPvcProps, STILLON_PROFILE, StillonError, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function render(props: ProtectedPvcProps, id = 'data') {
  const { objects, violations } = renderDefinition(defineApp('demo', (app) => { new ProtectedPvc(app, id, props); }), root);
  expect(violations).toEqual([]);
  return objects;
}

function thrown(props: ProtectedPvcProps, id = 'data'): StillonError {
  try {
    new ProtectedPvc(new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root }), id, props);
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('ProtectedPvc', () => {
  test('always carries the pvc-protection finalizer and the Flux prune-disabled annotation', () => {
    const pvc = manifestOf(render({ size: '1Gi' }), 'PersistentVolumeClaim', 'demo-data');
    expect(pvc.apiVersion).toBe('v1');
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(pvc.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(pvc.metadata.labels['app.kubernetes.io/component']).toBe('storage');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  });

  test('keeps sizes below a Gi as they are', () => {
    expect(manifestOf(render({ size: '512Mi' }), 'PersistentVolumeClaim', 'demo-data').spec.resources.requests.storage).toBe('512Mi');
    expect(manifestOf(render({ size: Size.gibibytes(3) }), 'PersistentVolumeClaim', 'demo-data').spec.resources.requests.storage).toBe('3Gi');
  });

  test('takes a name, storage class and component', () => {
    const pvc = manifestOf(render({ size: '2Gi', name: 'legacy-claim', storageClassName: 'local-path', component: 'database' }), 'PersistentVolumeClaim', 'legacy-claim');
    expect(pvc.spec.storageClassName).toBe('local-path');
    expect(pvc.metadata.labels['app.kubernetes.io/component']).toBe('database');
  });

  test('takes its name from the app and id, never from the construct path', () => {
    const { objects } = renderDefinition(defineApp('demo', (app) => {
      new ProtectedPvc(new Construct(app, 'nested'), 'db', { size: '1Gi' });
    }), root);
    expect(objects.map((o) => o.path)).toContain('kustomize/demo/persistentvolumeclaim-demo-db.yaml');
  });

  test.each(['1GB', '0Gi', '1.5Gi', '1g', '', '-1Gi'])('fails on size %p with InvalidSize', (size) => {
    const error = thrown({ size });
    expect(error.code).toBe('InvalidSize');
    expect(error.message).toBe(`[demo/data] InvalidSize: size must be a positive whole number with a binary unit (Ki, Mi, Gi, Ti, Pi), got '${size}'; fix: pass e.g. { size: '1Gi' } or { size: '512Mi' }`);
  });

  test('fails on a claim name that is not DNS-1123 with InvalidName', () => {
    expect(thrown({ size: '1Gi', name: 'Data_Claim' })).toMatchObject({ code: 'InvalidName', message: expect.stringContaining("claim name 'Data_Claim' is not a DNS-1123") });
    expect(thrown({ size: '1Gi' }, 'Data')).toMatchObject({ code: 'InvalidName', message: expect.stringContaining("'demo-Data'") });
  });
});
