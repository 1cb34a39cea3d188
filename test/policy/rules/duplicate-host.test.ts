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

  const withPaths = (name: string, host: string, paths: string[]) => {
    const manifest = ingress(name, host);
    manifest.spec.rules[0].http.paths = paths.map((path) => ({ path, pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }));
    return manifest;
  };

  test('passes one app splitting a host by paths over two Ingresses (forward auth: /oauth2 without auth)', () => {
    expect(violationsOf(duplicateHost, [
      policyObject(withPaths('code', 'code.stillon.top', ['/'])),
      policyObject(withPaths('code-oauth2', 'code.stillon.top', ['/oauth2'])),
    ])).toEqual([]);
  });

  test('fails two Ingresses of one app claiming the same path of a host', () => {
    const violations = violationsOf(duplicateHost, [
      policyObject(withPaths('code', 'code.stillon.top', ['/', '/api'])),
      policyObject(withPaths('code-oauth2', 'code.stillon.top', ['/oauth2', '/api'])),
    ]);
    expect(violations).toEqual([
      expect.objectContaining({ code: 'DuplicateHost', message: 'path /api (Prefix) of host code.stillon.top is claimed by Ingress/code, Ingress/code-oauth2' }),
      expect.objectContaining({ code: 'DuplicateHost', message: 'path /api (Prefix) of host code.stillon.top is claimed by Ingress/code, Ingress/code-oauth2' }),
    ]);
  });

  test('fails two apps on one host even when their paths differ', () => {
    expect(violationsOf(duplicateHost, [
      policyObject(withPaths('web', 'shared.stillon.top', ['/']), { app: 'one' }),
      policyObject(withPaths('api', 'shared.stillon.top', ['/api']), { app: 'two' }),
    ])).toHaveLength(2);
  });
});
