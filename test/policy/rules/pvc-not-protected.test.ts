import { pvcNotProtected } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

const pvc = (metadata: any) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'demo', ...metadata }, spec: {} });
const PROTECTED = { finalizers: ['kubernetes.io/pvc-protection'], annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } };

describe('PvcNotProtected', () => {
  test('passes a claim with the finalizer and the prune-disabled annotation', () => {
    expect(violationsOf(pvcNotProtected, [policyObject(pvc(PROTECTED))])).toEqual([]);
  });

  test('fails a claim without either, naming both', () => {
    expect(violationsOf(pvcNotProtected, [policyObject(pvc({}))])).toEqual([expect.objectContaining({
      code: 'PvcNotProtected',
      severity: 'error',
      app: 'demo',
      path: 'demo/data',
      object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'demo', name: 'data' },
      message: expect.stringMatching(/^PersistentVolumeClaim\/data lacks the finalizer kubernetes\.io\/pvc-protection and the annotation kustomize\.toolkit\.fluxcd\.io\/prune: disabled; the finalizer alone does not stop a Flux prune/),
    })]);
  });

  test('fails a claim with only the finalizer', () => {
    expect(violationsOf(pvcNotProtected, [policyObject(pvc({ finalizers: PROTECTED.finalizers }))])).toEqual([expect.objectContaining({
      code: 'PvcNotProtected', message: expect.stringMatching(/^PersistentVolumeClaim\/data lacks the annotation kustomize\.toolkit\.fluxcd\.io\/prune: disabled;/),
    })]);
  });

  test('fails a claim whose prune annotation is not "disabled"', () => {
    expect(violationsOf(pvcNotProtected, [policyObject(pvc({ ...PROTECTED, annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'enabled' } }))]))
      .toEqual([expect.objectContaining({ code: 'PvcNotProtected' })]);
  });

  const sts = (policy?: any) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'demo' },
    spec: { volumeClaimTemplates: [{ metadata: { name: 'pgdata' } }, { metadata: { name: 'wal' } }], persistentVolumeClaimRetentionPolicy: policy },
  });

  test.each([
    ['absent (the API default: Retain)', undefined],
    ['Retain for both', { whenDeleted: 'Retain', whenScaled: 'Retain' }],
  ])('passes volumeClaimTemplates without finalizer or annotation when the retention policy is %s', (_what, policy) => {
    // Templates are immutable on a live StatefulSet: demanding a finalizer there would make adoption fail to apply.
    expect(violationsOf(pvcNotProtected, [policyObject(sts(policy))])).toEqual([]);
  });

  test('fails a StatefulSet whose retention policy deletes the claims of its templates', () => {
    expect(violationsOf(pvcNotProtected, [policyObject(sts({ whenDeleted: 'Delete', whenScaled: 'Retain' }))])).toEqual([expect.objectContaining({
      code: 'PvcNotProtected',
      path: 'demo/db',
      message: "StatefulSet/db deletes the claims of its volumeClaimTemplate(s) 'pgdata', 'wal' (persistentVolumeClaimRetentionPolicy whenDeleted: Delete), and with local-path their data",
      fix: 'set persistentVolumeClaimRetentionPolicy to { whenDeleted: Retain, whenScaled: Retain } (StatefulApp always does)',
    })]);
    expect(violationsOf(pvcNotProtected, [policyObject(sts({ whenDeleted: 'Delete', whenScaled: 'Delete' }))])[0].message)
      .toContain('whenDeleted: Delete, whenScaled: Delete');
  });

  test('passes a StatefulSet without templates whatever its retention policy', () => {
    const noTemplates = { ...sts({ whenDeleted: 'Delete' }), spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } } };
    expect(violationsOf(pvcNotProtected, [policyObject(noTemplates)])).toEqual([]);
  });

  test('ignores other kinds', () => {
    expect(violationsOf(pvcNotProtected, [policyObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'data' } })])).toEqual([]);
  });
});
