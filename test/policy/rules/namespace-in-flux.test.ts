import { namespaceInFlux } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } };

describe('NamespaceInFlux', () => {
  test('fails a Namespace in a Flux-managed build', () => {
    expect(violationsOf(namespaceInFlux, [policyObject(ns)])).toEqual([expect.objectContaining({
      code: 'NamespaceInFlux',
      severity: 'error',
      message: 'Namespace/demo is in a Flux-managed build',
      fix: expect.stringContaining('move the Namespace to namespaces/<ns>.yaml'),
    })]);
  });

  test('passes a Namespace applied by hand (namespaces/)', () => {
    expect(violationsOf(namespaceInFlux, [policyObject(ns, { fluxManaged: false })])).toEqual([]);
  });

  test('ignores a custom kind named Namespace in another group', () => {
    expect(violationsOf(namespaceInFlux, [policyObject({ ...ns, apiVersion: 'example.com/v1' })])).toEqual([]);
  });
});
