import { ingressWithoutTls } from '../../../src/policy/rules';
import { ingress, policyObject, violationsOf } from '../../support/policy';

describe('IngressWithoutTls', () => {
  test('passes an Ingress with TLS for its host and an issuer', () => {
    expect(violationsOf(ingressWithoutTls, [policyObject(ingress('web', 'web.stillon.top'))])).toEqual([]);
  });

  test('fails an Ingress without tls', () => {
    expect(violationsOf(ingressWithoutTls, [policyObject(ingress('web', 'web.stillon.top', { tls: [] }))])).toEqual([expect.objectContaining({
      code: 'IngressWithoutTls', severity: 'error', message: 'Ingress/web serves web.stillon.top without a tls entry with a secretName',
    })]);
  });

  test('fails a tls entry for another host, or without secretName', () => {
    expect(violationsOf(ingressWithoutTls, [policyObject(ingress('web', 'web.stillon.top', { tls: [{ hosts: ['other.stillon.top'], secretName: 'x' }] }))]))
      .toEqual([expect.objectContaining({ code: 'IngressWithoutTls' })]);
    expect(violationsOf(ingressWithoutTls, [policyObject(ingress('web', 'web.stillon.top', { tls: [{ hosts: ['web.stillon.top'] }] }))]))
      .toEqual([expect.objectContaining({ code: 'IngressWithoutTls' })]);
  });

  test('fails an Ingress without a cert-manager issuer annotation, with the conventions\' issuer as the fix', () => {
    expect(violationsOf(ingressWithoutTls, [policyObject(ingress('web', 'web.stillon.top', { annotations: {} }))])).toEqual([expect.objectContaining({
      code: 'IngressWithoutTls',
      message: 'Ingress/web has no cert-manager issuer annotation',
      fix: 'add the annotation cert-manager.io/cluster-issuer: letsencrypt-prod',
    })]);
  });

  test('accepts a namespaced cert-manager issuer', () => {
    expect(violationsOf(ingressWithoutTls, [policyObject(ingress('web', 'web.stillon.top', { annotations: { 'cert-manager.io/issuer': 'local' } }))])).toEqual([]);
  });
});
