import { App } from 'cdk8s';
import { AppChart, Conventions, StandardApp, IngressProfile, STILLON_PROFILE, StillonError, StillonIngress, StillonIngressProps, defineApp, environmentConventions, resolveConventions } from '../../src';
import { duplicateHost, foreignHost, ingressWithoutTls } from '../../src/policy/rules';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { policyObject, violationsOf } from '../support/policy';
import { schemaValidator } from '../support/schemas';

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

function thrown(props: Partial<StillonIngressProps>, conventions: Conventions = STILLON_PROFILE): StillonError {
  try {
    new StillonIngress(new AppChart(new App(), 'demo', { conventions, rootDir: root }), 'ingress', { serviceName: 'web', ...props });
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
    expect(render({ host: 'links.example.com', allowForeignHost: true }).metadata.annotations['stillon.top/allow-foreign-host']).toBe('links.example.com');
    expect(render({ host: 'links.example.com' }, resolveConventions({ allowedForeignHosts: ['links.example.com'] })).metadata.annotations['stillon.top/allow-foreign-host'])
      .toBe('links.example.com');
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

  const MEDIA: Partial<StillonIngressProps> = {
    serviceName: 'frontend',
    paths: [{ path: '/' }, { path: '/api', serviceName: 'backend', servicePort: 8080 }],
    additionalHosts: [
      { subdomain: 'tv', paths: [{ path: '/', serviceName: 'jellyfin', servicePort: 'http' }] },
      { host: 'media.example.com', allowForeignHost: true },
    ],
  };

  test('serves several hosts and paths on one Ingress, with one TLS entry for every host', () => {
    const ingress = render(MEDIA);
    const backend = (name: string, port: any) => ({ service: { name, port } });
    expect(ingress.spec.rules).toEqual([
      {
        host: 'demo.stillon.top',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: backend('frontend', { number: 80 }) },
            { path: '/api', pathType: 'Prefix', backend: backend('backend', { number: 8080 }) },
          ],
        },
      },
      { host: 'tv.stillon.top', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('jellyfin', { name: 'http' }) }] } },
      {
        host: 'media.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: backend('frontend', { number: 80 }) },
            { path: '/api', pathType: 'Prefix', backend: backend('backend', { number: 8080 }) },
          ],
        },
      },
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['demo.stillon.top', 'tv.stillon.top', 'media.example.com'], secretName: 'demo-tls' }]);
    expect(ingress.metadata.annotations['stillon.top/allow-foreign-host']).toBe('media.example.com');
  });

  test('a multi-host Ingress passes the host and TLS rules; an unallowed foreign host among them still fails ForeignHost', () => {
    const objects = [policyObject(render(MEDIA))];
    expect([duplicateHost, foreignHost, ingressWithoutTls].flatMap((rule) => violationsOf(rule, objects))).toEqual([]);
    const typo = render({ ...MEDIA, additionalHosts: [...MEDIA.additionalHosts!, { host: 'tv.stillon.tpo' }] });
    expect(violationsOf(foreignHost, [policyObject(typo)])).toEqual([expect.objectContaining({ code: 'ForeignHost', message: 'Ingress/demo serves tv.stillon.tpo, which is outside stillon.top' })]);
  });

  test('adopts an existing TLS secret and keeps the issuer', () => {
    const ingress = render({ tlsSecretName: 'wildcard-stillon-top' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['demo.stillon.top'], secretName: 'wildcard-stillon-top' }]);
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  });

  test('renders typed nginx annotations: forward auth to an oauth2-proxy, backend protocol, upstream, rewrite, body size', () => {
    const ingress = render({
      nginx: {
        authUrl: 'http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth',
        authSignin: 'https://auth.stillon.top/oauth2/start?rd=$scheme://$host$escaped_request_uri',
        authResponseHeaders: ['X-Auth-Request-User', 'X-Auth-Request-Email'],
        backendProtocol: 'HTTPS',
        serviceUpstream: true,
        rewriteTarget: '/$2',
        proxyBodySize: '0',
      },
      annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' },
    });
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/auth-url': 'http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth',
      'nginx.ingress.kubernetes.io/auth-signin': 'https://auth.stillon.top/oauth2/start?rd=$scheme://$host$escaped_request_uri',
      'nginx.ingress.kubernetes.io/auth-response-headers': 'X-Auth-Request-User,X-Auth-Request-Email',
      'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
      'nginx.ingress.kubernetes.io/service-upstream': 'true',
      'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
      'nginx.ingress.kubernetes.io/proxy-body-size': '0',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    });
  });

  test('renders traefik middlewares, in the app namespace unless given', () => {
    const ingress = render({ traefik: { middlewares: [{ name: 'forward-auth', namespace: 'auth' }, { name: 'headers' }] } }, resolveConventions({ ingress: IngressProfile.TRAEFIK }));
    expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBe('auth-forward-auth@kubernetescrd,demo-headers@kubernetescrd');
    expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.tls']).toBe('true');
  });

  test('every rendering validates against the Kubernetes 1.28 schemas', () => {
    for (const ingress of [render(MEDIA), render({ nginx: { authUrl: 'http://a/b' }, tlsSecretName: 'x-tls', paths: [{ path: '/x', pathType: 'Exact' }] })]) {
      expect(schemaValidator().validate(ingress)).toEqual([]);
    }
  });

  test('fails with WrongIngressProfile on options for another controller', () => {
    expect(thrown({ traefik: { middlewares: [{ name: 'a' }] } })).toMatchObject({ code: 'WrongIngressProfile', message: expect.stringContaining("traefik options given, but the cluster's ingress class is 'nginx'") });
    expect(thrown({ nginx: { proxyBodySize: '0' } }, resolveConventions({ ingress: IngressProfile.TRAEFIK }))).toMatchObject({ code: 'WrongIngressProfile' });
  });

  test.each([
    ['cert-manager.io/cluster-issuer', 'letsencrypt-staging'],
    ['nginx.ingress.kubernetes.io/ssl-redirect', 'false'],
    ['stillon.top/allow-foreign-host', 'true'],
    ['kubernetes.io/ingress.class', 'nginx'],
  ])('fails with ReservedAnnotation on a raw %s', (key, value) => {
    expect(thrown({ annotations: { [key]: value } })).toMatchObject({ code: 'ReservedAnnotation', message: expect.stringContaining(`annotation '${key}' is set by StillonIngress`) });
  });

  test.each([
    [{ paths: [{ path: 'api' }] }, 'InvalidIngressPath', "path 'api' does not start with /"],
    [{ paths: [{ path: '/', pathType: 'Regex' as any }] }, 'InvalidIngressPath', "pathType 'Regex'"],
    [{ paths: [{ path: '/', servicePort: 0 }] }, 'InvalidPort', 'service port 0'],
    [{ additionalHosts: [{}] }, 'InvalidHost', 'an additional host needs a subdomain or a host'],
    [{ additionalHosts: [{ subdomain: 'demo' }] }, 'DuplicateHost', 'host demo.stillon.top is listed twice'],
    [{ additionalHosts: [{ subdomain: 'Tv' }] }, 'InvalidHost', "additionalHosts: subdomain 'Tv'"],
    [{ tlsSecretName: 'Bad_Name' }, 'InvalidName', "tlsSecretName 'Bad_Name'"],
    [{ nginx: { backendProtocol: 'TCP' as any } }, 'InvalidIngressOption', "nginx.backendProtocol 'TCP'"],
    [{ nginx: { authSignin: 'https://x' } }, 'InvalidIngressOption', 'authSignin given without nginx.authUrl'],
  ])('fails on %p', (props, code, message) => {
    expect(thrown(props)).toMatchObject({ code, message: expect.stringContaining(message) });
  });

  test('fails on misspelled nested props with UnknownProp', () => {
    expect(thrown({ nginx: { authURL: 'x' } as any })).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("did you mean 'nginx.authUrl'?") });
    expect(thrown({ paths: [{ path: '/', service: 'x' } as any] })).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("'paths[].service'") });
    expect(thrown({ additionalHosts: [{ subdomian: 'x' } as any] })).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("did you mean 'additionalHosts[].subdomain'?") });
  });

  test('StandardApp passes its ingress options through: more hosts, paths, typed annotations', () => {
    const { objects, violations } = renderDefinition(defineApp('demo', (app) => {
      new StandardApp(app, 'web', {
        image: 'nginx:1.27.3',
        port: 8080,
        ingress: { additionalHosts: [{ subdomain: 'www' }], paths: [{ path: '/' }, { path: '/api', serviceName: 'api', servicePort: 9000 }], nginx: { proxyBodySize: '0' } },
      });
    }), root);
    expect(violations).toEqual([]);
    const ingress = manifestOf(objects, 'Ingress', 'web');
    expect(ingress.spec.tls).toEqual([{ hosts: ['demo.stillon.top', 'www.stillon.top'], secretName: 'web-tls' }]);
    expect(ingress.spec.rules[1].http.paths.map((p: any) => p.backend.service)).toEqual([{ name: 'web', port: { number: 80 } }, { name: 'api', port: { number: 9000 } }]);
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('0');
  });
});

describe('StillonIngress in an environment', () => {
  const conventions = resolveConventions({ environments: { staging: {}, production: {}, live: { production: true } } });

  test.each([
    ['staging', {}, 'demo-staging.stillon.top'],
    ['production', {}, 'demo.stillon.top'],
    ['live', {}, 'demo.stillon.top'],
    ['staging', { subdomain: 'shop' }, 'shop.stillon.top'],
    ['staging', { host: 'shop.example.org', allowForeignHost: true }, 'shop.example.org'],
  ] as const)('in %s with %p serves %s (only the default host names the environment)', (env, props, host) => {
    const ingress = render(props, environmentConventions(conventions, env));
    expect(ingress.spec.rules[0].host).toBe(host);
    expect(ingress.spec.tls[0].hosts).toEqual([host]);
  });
});
