import { objectInTwoApps } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

const configMap = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });

describe('ObjectInTwoApps', () => {
  test('passes one name in two namespaces, and two kinds with one name', () => {
    expect(violationsOf(objectInTwoApps, [
      policyObject(configMap('settings', 'one'), { app: 'one' }),
      policyObject(configMap('settings', 'two'), { app: 'two' }),
      policyObject({ ...configMap('settings', 'one'), kind: 'Secret' }, { app: 'two' }),
    ])).toEqual([]);
  });

  test('passes an object applied by hand (not Flux-managed)', () => {
    expect(violationsOf(objectInTwoApps, [
      policyObject(configMap('settings', 'shared'), { app: 'one' }),
      policyObject(configMap('settings', 'shared'), { app: 'two', fluxManaged: false }),
    ])).toEqual([]);
  });

  test('fails one object applied by two apps sharing a namespace, naming both', () => {
    const violations = violationsOf(objectInTwoApps, [
      policyObject(configMap('settings', 'shared'), { app: 'one' }),
      policyObject(configMap('settings', 'shared'), { app: 'two' }),
    ]);
    const message = 'ConfigMap/settings in namespace shared is applied by the apps one, two';
    expect(violations).toEqual([
      expect.objectContaining({ code: 'ObjectInTwoApps', severity: 'error', app: 'one', message }),
      expect.objectContaining({ code: 'ObjectInTwoApps', severity: 'error', app: 'two', message }),
    ]);
  });
});
