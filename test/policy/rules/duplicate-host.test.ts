import { duplicateHost } from '../../../src/policy/rules';
import { ingress, policyObject, violationsOf } from '../../support/policy';

describe('DuplicateHost', () => {
  test('passes distinct hosts', () => {
    expect(violationsOf(duplicateHost, [policyObject(ingress('a', 'a.stillon.top'), { app: 'a' }), policyObject(ingress('b', 'b.stillon.top'), { app: 'b' })])).toEqual([]);
  });

  test('fails both Ingresses of two apps on one host, naming both', () => {
    const violations = violationsOf(duplicateHost, [
      policyObject(ingress('web', 'shared.stillon.top'), { app: 'one', source: 'one/web' }),
      policyObject(ingress('site', 'shared.stillon.top'), { app: 'two', source: 'two/site' }),
    ]);
    const message = 'host shared.stillon.top is claimed by one (Ingress/web), two (Ingress/site)';
    expect(violations).toEqual([
      expect.objectContaining({ code: 'DuplicateHost', severity: 'error', app: 'one', message }),
      expect.objectContaining({ code: 'DuplicateHost', severity: 'error', app: 'two', message }),
    ]);
  });
});
