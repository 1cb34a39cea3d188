import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, hostFor, isDns1123Label, isUnderDomain } from '../conventions';
import { AppChart } from './app-chart';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

export interface StillonIngressProps {
  /** Name of the Service that receives the traffic. */
  readonly serviceName: string;
  /** Port of that Service. @default 80 */
  readonly servicePort?: number;
  /** Ingress name; the TLS secret is `<name>-tls`. @default - the app name */
  readonly name?: string;
  /** Serve at `<subdomain>.<domain>` instead of `<app>.<domain>`. @default - the app name */
  readonly subdomain?: string;
  /**
   * A full host outside the domain (e.g. a legacy domain). Needs `allowForeignHost: true` or the
   * host in the conventions' `allowedForeignHosts`, so a typo cannot publish an app elsewhere.
   * @default - `<subdomain>.<domain>`
   */
  readonly host?: string;
  /** Accept a `host` outside the domain. @default false */
  readonly allowForeignHost?: boolean;
  /** Labels of the workload behind it (`name`, `component`). @default - the app's labels */
  readonly labels?: Record<string, string>;
}

const STILLON_INGRESS_PROPS = propSchema<StillonIngressProps>({
  serviceName: true,
  servicePort: true,
  name: true,
  subdomain: true,
  host: true,
  allowForeignHost: true,
  labels: true,
});

/**
 * An Ingress that follows the cluster's rules: host `<app>.<domain>`, the profile's class and
 * annotations, the cert-manager issuer, and TLS for the host in `<name>-tls`. There is no way to
 * render it without TLS.
 *
 * @example
 * new StillonIngress(app, 'ingress', { serviceName: 'linkding' }); // https://linkding.stillon.top
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export class StillonIngress extends Construct {
  public readonly host: string;
  public readonly name: string;
  public readonly apiObject: kplus.k8s.KubeIngress;
  /** Set when the host is outside the domain and that was explicitly allowed. */
  public readonly foreignHostAllowed: boolean;

  constructor(scope: Construct, id: string, props: StillonIngressProps) {
    super(scope, id);
    checkProps(props, STILLON_INGRESS_PROPS, this.node.path);
    const app = AppChart.of(this);
    const { conventions } = app;
    this.name = props.name ?? app.appName;
    if (props.subdomain !== undefined && !isDns1123Label(props.subdomain)) {
      throw new StillonError('InvalidHost', this.node.path, `subdomain '${props.subdomain}' is not a DNS-1123 label`, `pass e.g. { subdomain: '${app.appName}' }`);
    }
    if (props.host !== undefined && props.subdomain !== undefined) {
      throw new StillonError('InvalidHost', this.node.path, 'both host and subdomain given', 'pass only one of them');
    }
    this.host = props.host ?? hostFor(conventions, app.appName, props.subdomain);
    this.foreignHostAllowed = !isUnderDomain(conventions, this.host)
      && (props.allowForeignHost === true || conventions.allowedForeignHosts.includes(this.host));
    const issuerAnnotations = { [ANNOTATIONS.certManagerClusterIssuer]: conventions.clusterIssuer };
    this.apiObject = new kplus.k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: props.labels,
        annotations: {
          ...conventions.ingress.annotations,
          ...issuerAnnotations,
          // Recorded so the foreign-host rule, which sees only rendered objects, knows it was intended.
          ...this.foreignHostAllowed ? { [ANNOTATIONS.allowForeignHost]: 'true' } : {},
        },
      },
      spec: {
        ingressClassName: conventions.ingress.className,
        tls: [{ hosts: [this.host], secretName: `${this.name}-tls` }],
        rules: [{
          host: this.host,
          http: {
            paths: [{
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: props.serviceName, port: { number: props.servicePort ?? 80 } } },
            }],
          },
        }],
      },
    });
  }
}
