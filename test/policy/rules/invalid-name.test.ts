import { invalidName } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

const object = (kind: string, name: unknown, namespace?: string) => ({ apiVersion: 'v1', kind, metadata: { name, namespace } });

describe('InvalidName', () => {
  test('passes DNS-1123 names; dots only where a subdomain is allowed', () => {
    expect(violationsOf(invalidName, [
      policyObject(object('ConfigMap', 'app.config', 'demo')),
      policyObject(object('Service', 'web', 'demo')),
      policyObject(object('Namespace', 'demo')),
    ])).toEqual([]);
  });

  test.each([
    ['ConfigMap', 'App_Config'],
    ['Service', 'web.internal'],
    ['Namespace', 'Demo'],
    ['ConfigMap', undefined],
  ])('fails a %s named %p', (kind, name) => {
    expect(violationsOf(invalidName, [policyObject(object(kind, name))])).toEqual([expect.objectContaining({
      code: 'InvalidName', severity: 'error', message: `${kind}/${name} has an invalid name '${name}'`,
    })]);
  });

  test('fails an invalid namespace', () => {
    expect(violationsOf(invalidName, [policyObject(object('ConfigMap', 'cm', 'my_ns'))])).toEqual([expect.objectContaining({
      code: 'InvalidName', message: "ConfigMap/cm has an invalid namespace 'my_ns'",
    })]);
  });
});
