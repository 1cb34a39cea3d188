import { App } from 'cdk8s';
import { AppChart, Conventions, IngressProfile, STILLON_PROFILE, StillonError, StillonIngress, StillonIngressProps, defineApp, resolveConventions } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function render(props: Partial<StillonIngressProps> = {}, conventions: Conventions = STILLON_PROFILE) {
  const { objects, violations } = renderDefinition(defineApp('demo', (app) => {
    new StillonIngress(app, 'ingress', { serviceName: 'web', ...props });
  }), root, conventions);
  expect(violations).toEqual([]);
  return manifestOf(objects, 'Ingress', props.name ?? 'demo');
}

function thrown(props: Partial<StillonIngressProps>): StillonError {
  try {
    new StillonIngress(new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root }), 'ingress', { serviceName: 'web', ...props });
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('StillonIngress', () => {
  test('serves <app>.stillon.top over TLS through nginx with the cert-manager issuer', () => {
    const ingress = render();
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['demo.stillon.top'], secretName: 'demo-tls' }],
      rules: [{ host: 'demo.stillon.top', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
  });

  test('takes a subdomain, name and service port', () => {
    const ingress = render({ subdomain: 'bookmarks', name: 'web', servicePort: 8080 });
    expect(ingress.spec.tls).toEqual([{ hosts: ['bookmarks.stillon.top'], secretName: 'web-tls' }]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service.port.number).toBe(8080);
  });

  test('follows the conventions: domain, issuer and the traefik profile', () => {
    const ingress = render({}, resolveConventions({ domain: 'example.org', clusterIssuer: 'staging', ingress: IngressProfile.TRAEFIK }));
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.spec.tls[0].hosts).toEqual(['demo.example.org']);
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'staging',
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
      'traefik.ingress.kubernetes.io/router.tls': 'true',
    });
  });

  test('marks an explicitly allowed foreign host, and only then', () => {
    expect(render({ host: 'links.example.com', allowForeignHost: true }).metadata.annotations['stillon.top/allow-foreign-host']).toBe('true');
    expect(render({ host: 'links.example.com' }, resolveConventions({ allowedForeignHosts: ['links.example.com'] })).metadata.annotations['stillon.top/allow-foreign-host']).toBe('true');
    expect(render({ host: 'links.example.com' }).metadata.annotations['stillon.top/allow-foreign-host']).toBeUndefined();
    expect(render({ host: 'links.stillon.top', allowForeignHost: true }).metadata.annotations['stillon.top/allow-foreign-host']).toBeUndefined();
  });

  test.each(['Bookmarks', 'a.b', 'x_y'])('fails on subdomain %p with InvalidHost', (subdomain) => {
    const error = thrown({ subdomain });
    expect(error.code).toBe('InvalidHost');
    expect(error.message).toContain(`subdomain '${subdomain}' is not a DNS-1123 label`);
  });

  test('fails with InvalidHost when both host and subdomain are given', () => {
    expect(thrown({ host: 'a.stillon.top', subdomain: 'a' })).toMatchObject({ code: 'InvalidHost', message: expect.stringContaining('both host and subdomain given') });
  });
});
