import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { parse } from 'yaml';
import {
  AcmeClusterIssuer, AcmeClusterIssuerProps, AcmeServer, AppChart, HelmChart, IngressProfile, STILLON_PROFILE, StillonError,
  defineApp, isClusterScoped, resolveConventions,
} from '../../src';
import clusterIssuers from '../fixtures/platform/cluster-issuers';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, synthApps } from '../support/app-fixture';
import { CRDS_DIR, schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function thrown(props: unknown): StillonError {
  try {
    new AcmeClusterIssuer(new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root }), 'i', props as AcmeClusterIssuerProps);
  } catch (error) {
    if (error instanceof StillonError) return error;
    throw error;
  }
  throw new Error('expected a StillonError');
}

describe('AcmeClusterIssuer', () => {
  test('renders Let\'s Encrypt production and staging issuers, cluster-scoped (no namespace), HTTP-01 through the profile\'s class, schema-valid', () => {
    const { objects, violations } = renderDefinition(clusterIssuers, root);
    expect(violations).toEqual([]);
    const prod = manifestOf(objects, 'ClusterIssuer', 'letsencrypt-prod');
    expect(prod.metadata.namespace).toBeUndefined();
    expect(prod.spec).toEqual({
      acme: {
        email: 'ops@stillon.top',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    });
    const staging = manifestOf(objects, 'ClusterIssuer', 'letsencrypt-staging');
    expect(staging.metadata.namespace).toBeUndefined();
    expect(staging.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    for (const { manifest } of objects) expect(schemaValidator().validate(manifest)).toEqual([]);
  });

  test('the ClusterIssuer CRD is cluster-scoped, and the chart\'s scope table says so (what drops the namespace)', () => {
    const crd = parse(readFileSync(join(CRDS_DIR, 'cert-manager.io_clusterissuers.yaml'), 'utf8'));
    expect(crd.spec.scope).toBe('Cluster');
    for (const version of crd.spec.versions) expect(isClusterScoped(`${crd.spec.group}/${version.name}`, crd.spec.names.kind)).toBe(true);
  });

  test('takes its name from the conventions\' clusterIssuer and its class from the conventions\' ingress profile', () => {
    const conventions = resolveConventions({ clusterIssuer: 'le-prod', ingress: IngressProfile.TRAEFIK });
    const app = new AppChart(new App(), 'issuers', { conventions, rootDir: root, flux: { wait: true } });
    new AcmeClusterIssuer(app, 'prod', { email: 'ops@example.org' });
    new AcmeClusterIssuer(app, 'zerossl', { email: 'ops@example.org', server: AcmeServer.custom('https://acme.zerossl.com/v2/DV90'), accountKeySecretName: 'zerossl-key' });
    new AcmeClusterIssuer(app, 'other', { email: 'ops@example.org', name: 'le-nginx', ingressClassName: 'nginx' });
    const objects = app.toJson().map((manifest) => ({ manifest }));
    expect(manifestOf(objects, 'ClusterIssuer', 'le-prod').spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'traefik' } } }]);
    expect(manifestOf(objects, 'ClusterIssuer', 'zerossl').spec.acme).toMatchObject({ server: 'https://acme.zerossl.com/v2/DV90', privateKeySecretRef: { name: 'zerossl-key' } });
    expect(manifestOf(objects, 'ClusterIssuer', 'le-nginx').spec.acme.solvers[0].http01.ingress.ingressClassName).toBe('nginx');
  });

  test('fails synth when the issuer shares an app with the cert-manager chart that brings its CRD', () => {
    const together = defineApp('cert-manager', { flux: { wait: true } }, (app) => {
      new HelmChart(app, 'cert-manager', { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.17.2' });
      new AcmeClusterIssuer(app, 'prod', { email: 'ops@stillon.top' });
    });
    const result = synthApps(root, [together]);
    expect(result.wrote).toBe(false);
    expect(result.violations.filter((v) => v.severity === 'error')).toEqual([expect.objectContaining({
      code: 'IssuerBesideCertManager',
      app: 'cert-manager',
      path: 'cert-manager/prod',
      message: expect.stringContaining('installed by cert-manager/cert-manager'),
      fix: expect.stringContaining("dependsOn: ['cert-manager']"),
    })]);
  });

  test.each([
    [{}, 'MissingProp'],
    [{ email: 'ops' }, 'InvalidEmail'],
    [{ email: 'ops@example.org', server: 'https://acme-v02.api.letsencrypt.org/directory' }, 'InvalidAcmeServer'],
    [{ email: 'ops@example.org', server: AcmeServer.custom('http://ca.lan/acme') }, 'InvalidAcmeServer'],
    [{ email: 'ops@example.org', name: 'Prod' }, 'InvalidName'],
    [{ email: 'ops@example.org', accountKeySecretName: 'Key!' }, 'InvalidName'],
    [{ email: 'ops@example.org', ingressClass: 'nginx' }, 'UnknownProp'],
  ])('fails (%#) on bad props with the code', (props, code) => {
    expect(thrown(props)).toMatchObject({ code, where: 'demo/i' });
  });
});
