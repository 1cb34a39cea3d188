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

  test('fails a StatefulSet volumeClaimTemplate without the finalizer', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { volumeClaimTemplates: [{ metadata: { name: 'pgdata' } }] } };
    expect(violationsOf(pvcNotProtected, [policyObject(sts)])).toEqual([expect.objectContaining({
      code: 'PvcNotProtected', message: "volumeClaimTemplate 'pgdata' of StatefulSet/db lacks the finalizer kubernetes.io/pvc-protection",
    })]);
  });

  test('ignores other kinds', () => {
    expect(violationsOf(pvcNotProtected, [policyObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'data' } })])).toEqual([]);
  });
});
