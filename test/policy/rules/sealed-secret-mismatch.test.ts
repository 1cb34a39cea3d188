import { sealedSecretMismatch } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

function sealed(meta: any, template: any): any {
  return { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db', namespace: 'app', ...meta }, spec: { encryptedData: { a: 'AgB=' }, template: { metadata: template } } };
}

describe('SealedSecretMismatch', () => {
  test('passes a template that agrees with its metadata, and one that names nothing', () => {
    expect(violationsOf(sealedSecretMismatch, [
      policyObject(sealed({}, { name: 'db', namespace: 'app' })),
      policyObject(sealed({ annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' } }, { annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' } })),
      policyObject(sealed({}, {})),
    ])).toEqual([]);
  });

  test('fails a template whose namespace disagrees with the metadata', () => {
    expect(violationsOf(sealedSecretMismatch, [policyObject(sealed({}, { name: 'db', namespace: 'other' }))])).toEqual([expect.objectContaining({
      code: 'SealedSecretMismatch', message: "SealedSecret/db has metadata.namespace 'app' but spec.template.metadata.namespace 'other'",
    })]);
  });

  test('fails conflicting scope annotations', () => {
    const both = { 'sealedsecrets.bitnami.com/namespace-wide': 'true', 'sealedsecrets.bitnami.com/cluster-wide': 'true' };
    expect(violationsOf(sealedSecretMismatch, [policyObject(sealed({ annotations: both }, {}))])).toEqual([expect.objectContaining({
      code: 'SealedSecretMismatch', message: 'SealedSecret/db is annotated both namespace-wide and cluster-wide',
    })]);
    const split = sealed({ annotations: { 'sealedsecrets.bitnami.com/cluster-wide': 'true' } }, { annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' } });
    expect(violationsOf(sealedSecretMismatch, [policyObject(split)])).toEqual([expect.objectContaining({
      code: 'SealedSecretMismatch', message: "SealedSecret/db is cluster-wide by its metadata annotations but namespace-wide by its template's",
    })]);
  });
});
