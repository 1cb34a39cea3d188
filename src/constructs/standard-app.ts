import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, LABELS, explainDns1123Label, isDns1123Label } from '../conventions';
import { AppChart } from './app-chart';
import { CONTAINER_RESOURCES, SECURITY_OPTIONS, SecurityOptions, homeLabContainerProps } from './container-defaults';
import { ProtectedPvc } from './protected-pvc';
import { SealedSecretKey, SealedSecretRef } from './sealed-secret-ref';
import { StillonIngress, StillonIngressProps } from './stillon-ingress';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** An environment variable value: a literal (never a secret) or a key of a sealed secret. */
export type EnvInput = string | SealedSecretKey;

/** The StillonIngress props a StandardApp leaves to the user: it sets the Service and labels itself. */
export type StandardAppIngressOptions = Omit<StillonIngressProps, 'serviceName' | 'servicePort' | 'labels'>;

export interface StandardAppProps {
  /** Image with a pinned tag, e.g. `sissbruecker/linkding:1.36.0`. */
  readonly image: string;
  /** Port the container listens on. @default - none: no Service and no Ingress */
  readonly port?: number;
  /** Name of the Deployment, Service and Ingress. @default - the construct id */
  readonly name?: string;
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
  /** @default HOME_LAB_RESOURCES: 50m CPU and 64Mi requested, 256Mi memory limit */
  readonly resources?: kplus.ContainerResources;
  /** Relaxations of the secure container defaults. @default {} - non-root, read-only root filesystem */
  readonly security?: SecurityOptions;
  /** `fsGroup` of the pod, so a non-root user can write its volumes. @default - omitted */
  readonly fsGroup?: number;
  /** Publish through a StillonIngress. @default true when a port is given */
  readonly expose?: boolean;
  /** Ingress options (subdomain, foreign host). @default - `<app>.<domain>` */
  readonly ingress?: StandardAppIngressOptions;
  /** Port of the ClusterIP Service. @default 80 */
  readonly servicePort?: number;
  /** `app.kubernetes.io/component` label. @default 'web' */
  readonly component?: string;
  /**
   * Pod selector of the Deployment and Service. Selectors are immutable in the cluster: to adopt
   * an existing Deployment, pass exactly its selector, e.g. `{ app: 'linkding' }`.
   * @default - `app.kubernetes.io/name: <name>` and `app.kubernetes.io/instance: <app>`
   */
  readonly selector?: Record<string, string>;
  /** HTTP path for readiness and liveness probes on the port. @default - no probes */
  readonly healthCheckPath?: string;
}

const STANDARD_APP_PROPS = propSchema<StandardAppProps>({
  image: true,
  port: true,
  name: true,
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
}, {
  resources: CONTAINER_RESOURCES,
  security: SECURITY_OPTIONS,
  ingress: propSchema<StandardAppIngressOptions>({ name: true, subdomain: true, host: true, allowForeignHost: true }),
});

/**
 * A Deployment with one container, a ClusterIP Service on port 80 and a StillonIngress at
 * `<app>.<domain>`, with home-lab defaults: 1 replica, modest resources, pull IfNotPresent,
 * no probes unless asked, secure security context, `Recreate` once a ReadWriteOnce claim is
 * mounted. The cdk8s-plus objects are public (`deployment`, `container`, `service`) for anything
 * the props do not cover.
 *
 * @example
 * const web = new StandardApp(app, 'linkding', { image: 'sissbruecker/linkding:1.36.0', port: 9090 });
 * web.mount('/etc/linkding/data', new ProtectedPvc(app, 'data', { size: '1Gi' }));
 */
export class StandardApp extends Construct {
  public readonly name: string;
  public readonly deployment: kplus.Deployment;
  public readonly container: kplus.Container;
  public readonly service?: kplus.Service;
  public readonly ingress?: StillonIngress;
  /** Labels on the pods; the selector is a subset of them. */
  public readonly labels: Readonly<Record<string, string>>;
  private readonly security: SecurityOptions;
  private recreate = false;

  constructor(scope: Construct, id: string, props: StandardAppProps) {
    super(scope, id);
    checkProps(props, STANDARD_APP_PROPS, this.node.path);
    const app = AppChart.of(this);
    this.name = props.name ?? id;
    this.security = props.security ?? {};
    if (!isDns1123Label(this.name)) {
      throw new StillonError('InvalidName', this.node.path, explainDns1123Label(this.name), 'pass a lower-case { name } or construct id');
    }
    validatePort(this, 'port', props.port);
    validatePort(this, 'servicePort', props.servicePort);
    if (!props.image || /\s/.test(props.image)) {
      throw new StillonError('InvalidImage', this.node.path, `image '${props.image}' is not an image reference`, "pass e.g. { image: 'nginx:1.27.3' }");
    }
    const component = props.component ?? 'web';
    const selector = props.selector ?? { [LABELS.name]: this.name, [LABELS.instance]: app.appName };
    this.labels = { [LABELS.name]: this.name, [LABELS.component]: component, ...selector };
    const description = props.description ?? app.description;

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.name, labels: this.labels, annotations: description ? { [ANNOTATIONS.description]: description } : undefined },
      replicas: props.replicas ?? 1,
      // Selectors are immutable: never let cdk8s-plus derive one from the construct path.
      select: false,
      securityContext: { ensureNonRoot: !this.security.runAsRoot, fsGroup: props.fsGroup },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    for (const [key, value] of Object.entries(this.labels)) this.deployment.podMetadata.addLabel(key, value);
    const deploymentObject = ApiObject.of(this.deployment);
    deploymentObject.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));

    this.container = this.deployment.addContainer(homeLabContainerProps({
      name: this.name,
      image: props.image,
      // `ports`, not `portNumber`: cdk8s-plus adds a TCP startup probe for portNumber.
      ports: props.port ? [{ number: props.port, name: 'http' }] : undefined,
      command: props.command,
      args: props.args,
      resources: props.resources,
      readiness: props.healthCheckPath && props.port ? kplus.Probe.fromHttpGet(props.healthCheckPath, { port: props.port }) : undefined,
      liveness: props.healthCheckPath && props.port ? kplus.Probe.fromHttpGet(props.healthCheckPath, { port: props.port }) : undefined,
    }, this.security, this.node.path));
    if (!this.security.writableRootFilesystem) {
      // A read-only root still needs somewhere for temporary files.
      this.container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    }
    for (const [name, value] of Object.entries(props.env ?? {})) this.env(name, value);

    if (props.port) {
      this.service = new kplus.Service(this, 'Service', {
        metadata: { name: this.name, labels: this.labels },
        ports: [{ port: props.servicePort ?? 80, targetPort: props.port, name: 'http' }],
      });
      for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);
    }
    if (props.expose ?? props.port !== undefined) {
      if (!this.service) {
        throw new StillonError('ExposeWithoutPort', this.node.path, 'expose is true but no port is given', 'pass { port } or { expose: false }');
      }
      this.ingress = new StillonIngress(this, 'Ingress', {
        ...props.ingress,
        name: props.ingress?.name ?? this.name,
        serviceName: this.name,
        servicePort: props.servicePort ?? 80,
        labels: this.labels,
      });
    }
  }

  /** Sets an environment variable to a literal or a sealed secret's key. Literals must not be secrets. */
  public env(name: string, value: EnvInput): this {
    this.container.env.addVariable(name, typeof value === 'string' ? kplus.EnvValue.fromValue(value) : value.envValue);
    return this;
  }

  /** Every key of a sealed secret as environment variables. */
  public envFrom(secret: SealedSecretRef): this {
    this.container.env.copyFrom(secret.toEnvFrom());
    return this;
  }

  /** Mounts a claim (switching to the Recreate strategy) or any cdk8s-plus volume at `path`. */
  public mount(path: string, storage: ProtectedPvc | kplus.Volume, options: kplus.MountOptions = {}): this {
    if (storage instanceof ProtectedPvc) {
      this.container.mount(path, storage.toVolume(this, `volume-${storage.node.id}`), options);
      this.useRecreate();
    } else {
      this.container.mount(path, storage, options);
    }
    return this;
  }

  /** Mounts a sealed secret's keys (or only `keys`) as files under `path`, read-only. */
  public mountSecret(path: string, secret: SealedSecretRef, keys?: readonly string[]): this {
    this.container.mount(path, secret.toVolume(this, `secret-${secret.node.id}`, keys), { readOnly: true });
    return this;
  }

  /** Adds a sidecar container to the pod, with the same home-lab defaults. */
  public addSidecar(props: kplus.ContainerProps, security: SecurityOptions = {}): kplus.Container {
    return this.deployment.addContainer(homeLabContainerProps(props, security, this.node.path));
  }

  private useRecreate(): void {
    if (this.recreate) return;
    this.recreate = true;
    // Recreate: a ReadWriteOnce claim cannot attach to two pods during a rolling update.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.replace('/spec/strategy', { type: 'Recreate' }));
  }
}

function validatePort(scope: Construct, prop: string, port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new StillonError('InvalidPort', scope.node.path, `${prop} must be a whole number from 1 to 65535, got ${port}`, `pass e.g. { ${prop}: 8080 }`);
  }
}
