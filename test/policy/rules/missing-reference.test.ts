import { STILLON_PROFILE } from '../../../src/conventions';
import { missingReference } from '../../../src/policy/rules';
import { deployment, policyObject, violationsOf } from '../../support/policy';

const reader = policyObject(deployment('web', [{ name: 'web', image: 'nginx:1.27.3', env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }] }]), { app: 'web' });
const sealedDb = policyObject({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db', namespace: 'demo' }, spec: { encryptedData: { pw: 'AgB=' } } }, { app: 'web' });

describe('MissingReference', () => {
  test('passes a Secret provided by a SealedSecret of the same app, or declared as provided out of band', () => {
    expect(violationsOf(missingReference, [reader, sealedDb])).toEqual([]);
    const conventions = { ...STILLON_PROFILE, check: { providedOutOfBand: [{ kind: 'Secret' as const, name: 'db', reason: 'created by the operator' }] } };
    expect(violationsOf(missingReference, [reader], conventions as any)).toEqual([]);
  });

  test('fails a Secret that nothing in the app provides (a SealedSecret of another app does not count)', () => {
    expect(violationsOf(missingReference, [reader, { ...sealedDb, app: 'other' }])).toEqual([expect.objectContaining({
      code: 'MissingReference', app: 'web', message: "Deployment/web reads Secret/db (env PW of container 'web'), which nothing in app 'web' provides",
    })]);
  });
});
