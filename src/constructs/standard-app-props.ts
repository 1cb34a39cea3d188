import * as kplus from 'cdk8s-plus-28';
import { ApiAccess } from './api-access';
import { ServiceKind, ServicePortSpec } from './app-service';
import { CONTAINER_RESOURCES, SECURITY_OPTIONS, SecurityOptions } from './container-defaults';
import { HealthProbe } from './probe';
import { SealedSecretKey } from './sealed-secret-ref';
import { StillonIngressProps, WORKLOAD_INGRESS_OPTIONS } from './stillon-ingress';
import { propSchema } from '../private/known-props';

// StandardApp's props, apart from the construct so that both stay readable (STYLE.md: files under ~300 lines).

/** An environment variable value: a literal (never a secret) or a key of a sealed secret. */
export type EnvInput = string | SealedSecretKey;

/** The StillonIngress props a StandardApp leaves to the user: it sets the Service and labels itself. */
export type StandardAppIngressOptions = Omit<StillonIngressProps, 'serviceName' | 'servicePort' | 'labels'>;

export interface StandardAppProps {
  /** Image with a pinned tag, e.g. `sissbruecker/linkding:1.36.0`. */
  readonly image: string;
  /** Port the container listens on. @default - none: no Service and no Ingress */
  readonly port?: number;
  /**
   * Name of `port` on the container and the main Service, e.g. `redis` to adopt a Service whose
   * clients or probes name the port. An IANA service name (at most 15 characters).
   * @default 'http'
   */
  readonly portName?: string;
  /** Name of the Deployment, Service and Ingress. @default - the construct id */
  readonly name?: string;
  /**
   * Name of the main container, e.g. `redis` in a Deployment `paperless-redis`: renaming a live
   * container replaces its pods, and `kubectl exec -c` or set-image by container name break.
   * @default - `name`
   */
  readonly containerName?: string;
  /** One line on what it is; rendered as an annotation. @default - the app's description */
  readonly description?: string;
  /** @default 1 */
  readonly replicas?: number;
  /** Environment variables, in addition to `env()`. @default {} */
  readonly env?: Record<string, EnvInput>;
  /** Entrypoint override. @default - the image's */
  readonly command?: string[];
  /** Arguments override. @default - the image's */
  readonly args?: string[];
  /** @default HOME_LAB_RESOURCES: 50m CPU and 64Mi memory requested, no limits */
  readonly resources?: kplus.ContainerResources;
  /** Relaxations of the secure container defaults. @default {} - non-root, read-only root filesystem */
  readonly security?: SecurityOptions;
  /** `fsGroup` of the pod, so a non-root user can write its volumes. @default - omitted */
  readonly fsGroup?: number;
  /** Publish through a StillonIngress. @default true when a port is given */
  readonly expose?: boolean;
  /** Ingress options (subdomain, foreign host). @default - `<app>.<domain>` */
  readonly ingress?: StandardAppIngressOptions;
  /** Port of the Service. @default 80 */
  readonly servicePort?: number;
  /** Name of the Service, when it differs from the workload's (adopting an existing Service). @default - `name` */
  readonly serviceName?: string;
  /** Type of the Service. @default ServiceKind.CLUSTER_IP - `type: ClusterIP` */
  readonly serviceKind?: ServiceKind;
  /** A headless Service (`clusterIP: None`). @default false */
  readonly headless?: boolean;
  /**
   * More ports of the container, each also on the Service (`targetPort` may name a port, e.g.
   * `'metrics'`). For ports on another Service (a DNS server's UDP port on a LoadBalancer), use
   * `addService`.
   * A port served by a sidecar goes on with `addServicePort` once the sidecar is added.
   * @default [] - only `port`, as `portName`
   */
  readonly extraPorts?: readonly ServicePortSpec[];
  /** `app.kubernetes.io/component` label. @default 'web' */
  readonly component?: string;
  /**
   * Pod selector of the Deployment and Service. Selectors are immutable in the cluster: to adopt
   * an existing Deployment, pass exactly its selector, e.g. `{ app: 'linkding' }`.
   * @default - `app.kubernetes.io/name: <name>` and `app.kubernetes.io/instance: <app>`
   */
  readonly selector?: Record<string, string>;
  /** HTTP path for readiness and liveness probes on the port: the short form of `readiness` and `liveness`. @default - no probes */
  readonly healthCheckPath?: string;
  /** Readiness probe: the pod gets traffic only while it passes. @default - `HealthProbe.http(healthCheckPath)` when given, else none */
  readonly readiness?: HealthProbe;
  /** Liveness probe: the container is restarted when it fails. @default - `HealthProbe.http(healthCheckPath)` when given, else none */
  readonly liveness?: HealthProbe;
  /** Startup probe: holds off the other probes until it passes once (slow first starts, migrations). @default - none */
  readonly startup?: HealthProbe;
  /**
   * The ServiceAccount (and its RBAC) the pods run as; its token is then mounted. For apps that
   * talk to the Kubernetes API (an OIDC provider keeping state in CRDs, a dashboard).
   * @default - the namespace's `default` account, with no token mounted
   */
  readonly apiAccess?: ApiAccess;
  /**
   * Mount the ServiceAccount token into the pods.
   * @default - true with `apiAccess`, false otherwise (`automountServiceAccountToken: false`)
   */
  readonly automountServiceAccountToken?: boolean;
}

/** Options of `StandardApp.addService`: a further Service over the same pods. */
export interface AdditionalServiceOptions {
  /** Service name, e.g. `pihole-dns`. */
  readonly name: string;
  /** Its ports; a numeric target port the container does not declare yet is added to it under the port's name. */
  readonly ports: readonly ServicePortSpec[];
  /** @default ServiceKind.CLUSTER_IP */
  readonly kind?: ServiceKind;
  /** @default false */
  readonly headless?: boolean;
  /** `externalTrafficPolicy: Local`, keeping client source IPs. @default - omitted (Kubernetes: Cluster) */
  readonly preserveClientIp?: boolean;
  /** `loadBalancerIP`. @default - omitted */
  readonly loadBalancerIp?: string;
}

export const ADDITIONAL_SERVICE_OPTIONS = propSchema<AdditionalServiceOptions>({
  name: true, ports: true, kind: true, headless: true, preserveClientIp: true, loadBalancerIp: true,
});

export const STANDARD_APP_PROPS = propSchema<StandardAppProps>({
  image: true,
  port: true,
  portName: true,
  name: true,
  containerName: true,
  description: true,
  replicas: true,
  env: true,
  command: true,
  args: true,
  resources: true,
  security: true,
  fsGroup: true,
  expose: true,
  ingress: true,
  servicePort: true,
  component: true,
  selector: true,
  healthCheckPath: true,
  serviceName: true,
  serviceKind: true,
  headless: true,
  extraPorts: true,
  readiness: true,
  liveness: true,
  startup: true,
  apiAccess: true,
  automountServiceAccountToken: true,
}, {
  resources: CONTAINER_RESOURCES,
  security: SECURITY_OPTIONS,
  ingress: WORKLOAD_INGRESS_OPTIONS,
});
