import { deprecatedIngressClass } from '../../../src/policy/rules';
import { ingress, policyObject, violationsOf } from '../../support/policy';

describe('DeprecatedIngressClass', () => {
  test('passes spec.ingressClassName, also next to the old annotation', () => {
    const both = ingress('web', 'web.stillon.top', { annotations: { 'kubernetes.io/ingress.class': 'nginx' } });
    expect(violationsOf(deprecatedIngressClass, [policyObject(ingress('web', 'web.stillon.top')), policyObject(both)])).toEqual([]);
  });

  test('fails a class given only by the kubernetes.io/ingress.class annotation, with the field to set', () => {
    const old = ingress('web', 'web.stillon.top', { annotations: { 'kubernetes.io/ingress.class': 'traefik' } });
    delete old.spec.ingressClassName;
    expect(violationsOf(deprecatedIngressClass, [policyObject(old)])).toEqual([expect.objectContaining({
      code: 'DeprecatedIngressClass',
      severity: 'warning',
      message: 'Ingress/web picks its class only with the deprecated annotation kubernetes.io/ingress.class: traefik',
      fix: 'set spec.ingressClassName: traefik and remove the annotation',
    })]);
  });
});
