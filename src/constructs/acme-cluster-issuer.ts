import { Construct } from 'constructs';
import { ClusterIssuer } from '../../imports/cert-manager.io';
import { LABELS, isDns1123Subdomain } from '../conventions';
import { AppChart } from './app-chart';
import { HelmChart } from './helm-chart';
import { requireAwaited, requireString } from './platform-checks';
import { RemoteManifests } from './remote-manifests';
import { StillonError } from '../errors';
import { addCheck } from '../private/checks';
import { checkProps, propSchema } from '../private/known-props';

/** An ACME directory cert-manager registers with. */
export class AcmeServer {
  /** Let's Encrypt production: trusted certificates, strict rate limits. */
  public static readonly LETSENCRYPT_PRODUCTION = new AcmeServer('https://acme-v02.api.letsencrypt.org/directory', true);
  /** Let's Encrypt staging: untrusted certificates, generous limits; for trying a set-up out. */
  public static readonly LETSENCRYPT_STAGING = new AcmeServer('https://acme-staging-v02.api.letsencrypt.org/directory', false);

  /** Any other ACME directory (ZeroSSL, a private step-ca), by its `https://` URL. */
  public static custom(url: string): AcmeServer {
    return new AcmeServer(url, false);
  }

  private constructor(
    /** The directory URL, rendered as `spec.acme.server`. */
    public readonly url: string,
    /** Whether this is Let's Encrypt production, whose issuer takes the conventions' name. */
    public readonly production: boolean,
  ) {}
}

export interface AcmeClusterIssuerProps {
  /** The ACME account's e-mail address: where expiry and policy notices go. */
  readonly email: string;
  /** @default AcmeServer.LETSENCRYPT_PRODUCTION */
  readonly server?: AcmeServer;
  /**
   * Name of the ClusterIssuer. Every StillonIngress asks for the conventions' `clusterIssuer`.
   * @default - the conventions' clusterIssuer ('letsencrypt-prod') for Let's Encrypt production, 'letsencrypt-staging' for staging, the construct id otherwise
   */
  readonly name?: string;
  /** Ingress class of the HTTP-01 solver's Ingress. @default - the conventions' ingress profile (`nginx`) */
  readonly ingressClassName?: string;
  /** Secret (in cert-manager's cluster resource namespace) for the ACME account key; cert-manager creates it. @default `<name>-account-key` */
  readonly accountKeySecretName?: string;
}

const ACME_CLUSTER_ISSUER_PROPS = propSchema<AcmeClusterIssuerProps>({
  email: true, server: true, name: true, ingressClassName: true, accountKeySecretName: true,
});

/**
 * A cert-manager ACME ClusterIssuer (`cert-manager.io/v1`) solving HTTP-01 challenges through the
 * cluster's ingress controller. It is cluster-scoped: rendered without `metadata.namespace`.
 * Keep it in an app of its own that `dependsOn` the app installing cert-manager: Flux dry-runs a
 * whole build before applying it, and a ClusterIssuer next to the chart that brings its CRD
 * fails that dry-run on a fresh cluster for ever (IssuerBesideCertManager).
 *
 * @example
 * defineApp('cluster-issuers', { namespace: 'cert-manager', createNamespace: false, flux: { dependsOn: ['cert-manager'], wait: true } }, (app) => {
 *   new AcmeClusterIssuer(app, 'prod', { email: 'ops@example.org' });
 *   new AcmeClusterIssuer(app, 'staging', { email: 'ops@example.org', server: AcmeServer.LETSENCRYPT_STAGING });
 * });
 * @see https://cert-manager.io/docs/configuration/acme/
 */
export class AcmeClusterIssuer extends Construct {
  public readonly name: string;
  public readonly apiObject: ClusterIssuer;

  constructor(scope: Construct, id: string, props: AcmeClusterIssuerProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(props, ACME_CLUSTER_ISSUER_PROPS, where);
    const app = AppChart.of(this);
    const email = requireString(props?.email, 'email', where, "'ops@example.org'");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      throw new StillonError('InvalidEmail', where, `email '${email}' is not an e-mail address`, "pass e.g. { email: 'ops@example.org' }");
    }
    const server = props.server ?? AcmeServer.LETSENCRYPT_PRODUCTION;
    if (!(server instanceof AcmeServer) || !/^https:\/\/[^\s/@]+(\/|$)/.test(server.url)) {
      throw new StillonError('InvalidAcmeServer', where, 'server must be an AcmeServer with an https:// directory URL',
        "pass AcmeServer.LETSENCRYPT_PRODUCTION, AcmeServer.LETSENCRYPT_STAGING or AcmeServer.custom('https://...')");
    }
    this.name = props.name
      ?? (server === AcmeServer.LETSENCRYPT_PRODUCTION ? app.conventions.clusterIssuer : server === AcmeServer.LETSENCRYPT_STAGING ? 'letsencrypt-staging' : id);
    if (!isDns1123Subdomain(this.name)) {
      throw new StillonError('InvalidName', where, `'${this.name}' is not a valid ClusterIssuer name`, 'pass a lower-case DNS-1123 { name }');
    }
    const accountKey = props.accountKeySecretName ?? `${this.name}-account-key`;
    if (!isDns1123Subdomain(accountKey)) {
      throw new StillonError('InvalidName', where, `'${accountKey}' is not a valid Secret name`, 'pass a lower-case DNS-1123 { accountKeySecretName }');
    }
    this.apiObject = new ClusterIssuer(this, 'Resource', {
      // No namespace: AppChart's ClusterScopeResolver drops it from cluster-scoped kinds.
      metadata: { name: this.name, labels: { [LABELS.component]: 'cluster-issuer' } },
      spec: {
        acme: {
          email,
          server: server.url,
          privateKeySecretRef: { name: accountKey },
          solvers: [{ http01: { ingress: { ingressClassName: props.ingressClassName ?? app.conventions.ingress.className } } }],
        },
      },
    });
    requireAwaited(this, `ClusterIssuer/${this.name}`);
    addCheck(this, () => {
      const installer = app.node.findAll().find((c) => (c instanceof HelmChart && /cert-manager/.test(c.helmRelease.toJson().spec.chart.spec.chart))
        || (c instanceof RemoteManifests && /cert-manager/.test(String(c.source.toJson().spec.url))));
      return installer ? [{
        code: 'IssuerBesideCertManager',
        message: `cert-manager is installed by ${installer.node.path} in the same app: Flux dry-runs the ClusterIssuer before the chart has created its CRD, and the app never becomes ready on a fresh cluster`,
        fix: `move the ClusterIssuer into an app of its own with { flux: { dependsOn: ['${app.appName}'] } }`,
      }] : [];
    });
  }
}
