import { RawObject, Testing, defineApp } from '../../src';
import { emptyRoot, removeRoot } from '../support/app-fixture';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

const PDB = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };

test('renders the manifest as given, in the app namespace, with the app labels', () => {
  const result = Testing.synth(defineApp('demo', (app) => {
    new RawObject(app, 'pdb', PDB, { reason: 'no construct for PodDisruptionBudget yet' });
  }), { rootDir: root });
  expect(result.violations.filter((v) => v.severity === 'error')).toEqual([]);
  const file = result.files['kustomize/demo/poddisruptionbudget-web.yaml'];
  expect(file).toContain('namespace: demo');
  expect(file).toContain('minAvailable: 1');
  expect(file).toContain('app.kubernetes.io/part-of: demo');
});

test('fails synth for a plain Secret with data: the rules run on raw objects too', () => {
  const result = Testing.synth(defineApp('demo', (app) => {
    new RawObject(app, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { PASSWORD: 'aHVudGVyMg==' } }, { reason: 'smuggled' });
  }), { rootDir: root });
  expect(result.violations.map((v) => v.code)).toContain('PlainSecret');
  expect(result.files).toEqual({});
});

test.each([
  ['MissingReason', { reason: ' ' }, PDB],
  ['InvalidManifest', { reason: 'x' }, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {} }],
])('fails with %s', (code, options, manifest) => {
  const result = Testing.synth(defineApp('demo', (app) => {
    new RawObject(app, 'pdb', manifest as any, options);
  }), { rootDir: root });
  expect(result.violations.map((v) => v.code)).toEqual([code]);
});
