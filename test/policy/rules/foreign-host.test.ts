import { resolveConventions } from '../../../src/conventions';
import { foreignHost } from '../../../src/policy/rules';
import { ingress, policyObject, violationsOf } from '../../support/policy';

describe('ForeignHost', () => {
  test('passes hosts under the domain, and the domain itself', () => {
    expect(violationsOf(foreignHost, [policyObject(ingress('a', 'a.stillon.top')), policyObject(ingress('b', 'stillon.top'))])).toEqual([]);
  });

  test('fails a host outside the domain', () => {
    expect(violationsOf(foreignHost, [policyObject(ingress('web', 'web.example.com'))])).toEqual([expect.objectContaining({
      code: 'ForeignHost', severity: 'error', message: 'Ingress/web serves web.example.com, which is outside stillon.top',
    })]);
  });

  test('fails a host that only ends like the domain', () => {
    expect(violationsOf(foreignHost, [policyObject(ingress('web', 'evilstillon.top'))])).toEqual([expect.objectContaining({ code: 'ForeignHost' })]);
  });

  test('passes a foreign host allowed in the conventions or on the Ingress', () => {
    expect(violationsOf(foreignHost, [policyObject(ingress('web', 'web.example.com'))], resolveConventions({ allowedForeignHosts: ['web.example.com'] }))).toEqual([]);
    expect(violationsOf(foreignHost, [policyObject(ingress('web', 'web.example.com', {
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'stillon.top/allow-foreign-host': 'true' },
    }))])).toEqual([]);
  });

  test('passes only the foreign hosts listed on a multi-host Ingress', () => {
    const two = ingress('web', 'web.example.com', { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'stillon.top/allow-foreign-host': 'web.example.com' } });
    two.spec.rules.push({ ...two.spec.rules[0], host: 'typo.exmaple.com' });
    expect(violationsOf(foreignHost, [policyObject(two)])).toEqual([expect.objectContaining({
      code: 'ForeignHost', message: 'Ingress/web serves typo.exmaple.com, which is outside stillon.top',
    })]);
  });
});
