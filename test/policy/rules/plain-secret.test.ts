import { plainSecret } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

const secret = (fields: any) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'demo' }, ...fields });

describe('PlainSecret', () => {
  test('fails a Secret with data, listing its keys but never its values', () => {
    const violations = violationsOf(plainSecret, [policyObject(secret({ data: { b: 'czNjcjN0', a: 'eA==' } }))]);
    expect(violations).toEqual([expect.objectContaining({
      code: 'PlainSecret', severity: 'error', message: 'Secret/creds has plaintext data (keys: a, b)',
    })]);
    expect(JSON.stringify(violations)).not.toContain('czNjcjN0');
  });

  test('fails a Secret with stringData', () => {
    expect(violationsOf(plainSecret, [policyObject(secret({ stringData: { password: 's3cr3t' } }))]))
      .toEqual([expect.objectContaining({ code: 'PlainSecret', message: 'Secret/creds has plaintext data (keys: password)' })]);
  });

  test('passes an empty Secret (e.g. a service-account token shell) and a SealedSecret', () => {
    expect(violationsOf(plainSecret, [
      policyObject(secret({ type: 'kubernetes.io/service-account-token' })),
      policyObject(secret({ data: {} })),
      policyObject({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'creds' }, spec: { encryptedData: { a: 'AgA=' } } }),
    ])).toEqual([]);
  });
});
