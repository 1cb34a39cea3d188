import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, defaultHostOf, hostFor, isDns1123Label, isDns1123Subdomain, isUnderDomain } from '../conventions';
import { AppChart } from './app-chart';
import { NGINX_INGRESS_OPTIONS, NginxIngressOptions, TRAEFIK_INGRESS_OPTIONS, TraefikIngressOptions, checkRawAnnotations, profileAnnotations } from './ingress-annotations';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** One path of a host, routed to a Service. */
export interface IngressPath {
  /** e.g. `'/api'`. */
  readonly path: string;
  /** @default 'Prefix' */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /** Service that receives it. @default - the Ingress's serviceName */
  readonly serviceName?: string;
  /** Port number or port name of that Service. @default - the Ingress's servicePort */
  readonly servicePort?: number | string;
}

/** A host besides the main one, with its own paths. */
export interface IngressHostOptions {
  /** Serve at `<subdomain>.<domain>`. Give this or `host`. */
  readonly subdomain?: string;
  /** A full host; outside the domain only with `allowForeignHost` (or the conventions' allowedForeignHosts). */
  readonly host?: string;
  /** Accept a `host` outside the domain. @default false */
  readonly allowForeignHost?: boolean;
  /** @default - the main host's paths */
  readonly paths?: readonly IngressPath[];
}

export interface StillonIngressProps {
  /** Name of the Service that receives the traffic (of every path that names no other). */
  readonly serviceName: string;
  /** Port (number or name) of that Service. @default 80 */
  readonly servicePort?: number | string;
  /** Ingress name; the TLS secret is `<name>-tls`. @default - the app name */
  readonly name?: string;
  /**
   * Serve at `<subdomain>.<domain>` instead of the default host, taken as written in every
   * environment (vary it with `env.pick`).
   * @default - `<app>.<domain>`; `<app>-<env>.<domain>` in an environment other than production
   */
  readonly subdomain?: string;
  /**
   * A full host outside the domain (e.g. a legacy domain). Needs `allowForeignHost: true` or the
   * host in the conventions' `allowedForeignHosts`, so a typo cannot publish an app elsewhere.
   * @default - `<subdomain>.<domain>`
   */
  readonly host?: string;
  /** Accept a `host` outside the domain. @default false */
  readonly allowForeignHost?: boolean;
  /** Paths of the main host, e.g. `[{ path: '/' }, { path: '/api', serviceName: 'backend' }]`. @default - `/` (Prefix) to serviceName */
  readonly paths?: readonly IngressPath[];
  /** More hosts on the same Ingress and certificate. @default [] */
  readonly additionalHosts?: readonly IngressHostOptions[];
  /**
   * Secret holding the certificate for every host, e.g. an existing one to adopt. cert-manager
   * still manages it through the issuer annotation.
   * @default `<name>-tls`
   */
  readonly tlsSecretName?: string;
  /** ingress-nginx options (forward auth, backend protocol, rewrite...). Only with the nginx profile. @default - none */
  readonly nginx?: NginxIngressOptions;
  /** Traefik options (middlewares). Only with the traefik profile. @default - none */
  readonly traefik?: TraefikIngressOptions;
  /** Any other annotations, as given. Cannot override the class, issuer, TLS or foreign-host annotations. @default {} */
  readonly annotations?: Record<string, string>;
  /** Labels of the workload behind it (`name`, `component`). @default - the app's labels */
  readonly labels?: Record<string, string>;
}

const INGRESS_PATH = propSchema<IngressPath>({ path: true, pathType: true, serviceName: true, servicePort: true });
const INGRESS_HOST = propSchema<IngressHostOptions>({ subdomain: true, host: true, allowForeignHost: true, paths: true });
export const STILLON_INGRESS_PROPS = propSchema<StillonIngressProps>({
  serviceName: true,
  servicePort: true,
  name: true,
  subdomain: true,
  host: true,
  allowForeignHost: true,
  paths: true,
  additionalHosts: true,
  tlsSecretName: true,
  nginx: true,
  traefik: true,
  annotations: true,
  labels: true,
}, { nginx: NGINX_INGRESS_OPTIONS, traefik: TRAEFIK_INGRESS_OPTIONS });

/** The prop names of the StillonIngress options a workload (StandardApp) leaves to the user: it sets the Service and labels itself. */
export const WORKLOAD_INGRESS_OPTIONS = propSchema<Omit<StillonIngressProps, 'serviceName' | 'servicePort' | 'labels'>>({
  name: true,
  subdomain: true,
  host: true,
  allowForeignHost: true,
  paths: true,
  additionalHosts: true,
  tlsSecretName: true,
  nginx: true,
  traefik: true,
  annotations: true,
}, { nginx: NGINX_INGRESS_OPTIONS, traefik: TRAEFIK_INGRESS_OPTIONS });

const PATH_TYPES = ['Prefix', 'Exact', 'ImplementationSpecific'];

/**
 * An Ingress that follows the cluster's rules: host `<app>.<domain>` (plus any additional hosts,
 * each under the domain unless allowed), the profile's class and annotations, the cert-manager
 * issuer, and TLS for every host in one secret. There is no way to render it without TLS.
 *
 * @example
 * new StillonIngress(app, 'ingress', { serviceName: 'linkding' }); // https://linkding.stillon.top
 * new StillonIngress(app, 'media', {
 *   serviceName: 'frontend', paths: [{ path: '/' }, { path: '/api', serviceName: 'backend', servicePort: 8080 }],
 *   additionalHosts: [{ subdomain: 'tv' }], nginx: { proxyBodySize: '0' },
 * });
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export class StillonIngress extends Construct {
  /** The main host. */
  public readonly host: string;
  /** Every host, the main one first. */
  public readonly hosts: readonly string[];
  public readonly name: string;
  public readonly apiObject: kplus.k8s.KubeIngress;
  /** Set when some host is outside the domain and that was explicitly allowed. */
  public readonly foreignHostAllowed: boolean;

  constructor(scope: Construct, id: string, props: StillonIngressProps) {
    super(scope, id);
    checkProps(props, STILLON_INGRESS_PROPS, this.node.path);
    for (const p of props.paths ?? []) checkProps(p, INGRESS_PATH, this.node.path, 'paths[].');
    for (const h of props.additionalHosts ?? []) {
      checkProps(h, INGRESS_HOST, this.node.path, 'additionalHosts[].');
      for (const p of h.paths ?? []) checkProps(p, INGRESS_PATH, this.node.path, 'additionalHosts[].paths[].');
    }
    const app = AppChart.of(this);
    const { conventions } = app;
    this.name = props.name ?? app.appName;
    const main = { subdomain: props.subdomain, host: props.host, allowForeignHost: props.allowForeignHost, paths: props.paths };
    const entries = [main, ...props.additionalHosts ?? []].map((h, i) => ({
      host: this.hostOf(h, i === 0),
      allowed: h.allowForeignHost === true,
      paths: h.paths ?? props.paths ?? [{ path: '/' }],
    }));
    this.host = entries[0].host;
    this.hosts = entries.map((e) => e.host);
    const twice = this.hosts.find((h, i) => this.hosts.indexOf(h) !== i);
    if (twice) throw new StillonError('DuplicateHost', this.node.path, `host ${twice} is listed twice`, 'list each host once, with all its paths');
    const allowedForeign = entries
      .filter((e) => !isUnderDomain(conventions, e.host) && (e.allowed || conventions.allowedForeignHosts.includes(e.host)))
      .map((e) => e.host);
    this.foreignHostAllowed = allowedForeign.length > 0;
    const tlsSecretName = props.tlsSecretName ?? `${this.name}-tls`;
    if (!isDns1123Subdomain(tlsSecretName)) {
      throw new StillonError('InvalidName', this.node.path, `tlsSecretName '${tlsSecretName}' is not a valid Secret name`, 'pass a lower-case DNS-1123 name');
    }
    const owned = {
      ...conventions.ingress.annotations,
      [ANNOTATIONS.certManagerClusterIssuer]: conventions.clusterIssuer,
    };
    checkRawAnnotations(props.annotations ?? {}, Object.keys(owned), this.node.path);
    const typed = profileAnnotations(conventions.ingress, app.namespace, this.node.path, props.nginx, props.traefik);
    this.apiObject = new kplus.k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: props.labels,
        annotations: {
          ...props.annotations,
          ...typed,
          ...owned,
          // Recorded so the foreign-host rule, which sees only rendered objects, knows which hosts were intended.
          ...this.foreignHostAllowed ? { [ANNOTATIONS.allowForeignHost]: allowedForeign.join(',') } : {},
        },
      },
      spec: {
        ingressClassName: conventions.ingress.className,
        tls: [{ hosts: [...this.hosts], secretName: tlsSecretName }],
        rules: entries.map((e) => ({
          host: e.host,
          http: { paths: e.paths.map((p) => this.renderPath(p, props.serviceName, props.servicePort ?? 80)) },
        })),
      },
    });
  }

  private hostOf(h: IngressHostOptions, isMain: boolean): string {
    const app = AppChart.of(this);
    const what = isMain ? '' : 'additionalHosts: ';
    if (h.subdomain !== undefined && !isDns1123Label(h.subdomain)) {
      throw new StillonError('InvalidHost', this.node.path, `${what}subdomain '${h.subdomain}' is not a DNS-1123 label`, `pass e.g. { subdomain: '${app.appName}' }`);
    }
    if (h.host !== undefined && h.subdomain !== undefined) {
      throw new StillonError('InvalidHost', this.node.path, `${what}both host and subdomain given`, 'pass only one of them');
    }
    if (h.host !== undefined && !isDns1123Subdomain(h.host)) {
      throw new StillonError('InvalidHost', this.node.path, `${what}host '${h.host}' is not a DNS name`, "pass e.g. { host: 'links.example.com' }");
    }
    if (!isMain && h.host === undefined && h.subdomain === undefined) {
      throw new StillonError('InvalidHost', this.node.path, 'an additional host needs a subdomain or a host', "pass e.g. { subdomain: 'api' }");
    }
    if (h.host !== undefined) return h.host;
    // A subdomain is taken as written; only the default host names the environment.
    return h.subdomain === undefined ? defaultHostOf(app.conventions, app.appName) : hostFor(app.conventions, app.appName, h.subdomain);
  }

  private renderPath(p: IngressPath, serviceName: string, servicePort: number | string): kplus.k8s.HttpIngressPath {
    if (typeof p.path !== 'string' || !p.path.startsWith('/')) {
      throw new StillonError('InvalidIngressPath', this.node.path, `path '${p.path}' does not start with /`, "pass e.g. { path: '/api' }");
    }
    const pathType = p.pathType ?? 'Prefix';
    if (!PATH_TYPES.includes(pathType)) {
      throw new StillonError('InvalidIngressPath', this.node.path, `pathType '${pathType}' is not one of ${PATH_TYPES.join(', ')}`, "pass { pathType: 'Prefix' }");
    }
    const port = p.servicePort ?? servicePort;
    if (typeof port === 'number' ? !Number.isInteger(port) || port < 1 || port > 65535 : !isDns1123Label(port)) {
      throw new StillonError('InvalidPort', this.node.path, `service port ${JSON.stringify(port)} is neither a port number nor a port name`, 'pass e.g. 8080 or \'http\'');
    }
    return {
      path: p.path,
      pathType,
      backend: { service: { name: p.serviceName ?? serviceName, port: typeof port === 'number' ? { number: port } : { name: port } } },
    };
  }
}
