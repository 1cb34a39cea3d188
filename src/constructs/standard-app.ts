import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, LABELS, explainDns1123Label, isDns1123Label } from '../conventions';
import { AppChart } from './app-chart';
import { AppService, SERVICE_PORT_SPEC, ServicePortSpec } from './app-service';
import { AppliedConvention } from './applied-convention';
import { SecurityOptions, homeLabContainerProps } from './container-defaults';
import { checkTargetPorts, validatePortName, validatePortNumber } from './pod-ports';
import { HealthProbe } from './probe';
import { ProtectedPvc } from './protected-pvc';
import { SealedSecretRef } from './sealed-secret-ref';
import { ADDITIONAL_SERVICE_OPTIONS, AdditionalServiceOptions, EnvInput, STANDARD_APP_PROPS, StandardAppProps } from './standard-app-props';
import { StillonIngress } from './stillon-ingress';
import { StillonError } from '../errors';
import { checkProps } from '../private/known-props';

export * from './standard-app-props';

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
  /** The main Service (`serviceName`), when a port is given. */
  public readonly service?: AppService;
  public readonly ingress?: StillonIngress;
  /** Labels on the pods; the selector is a subset of them. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The pod selector of the Deployment and its Services. */
  public readonly selector: Readonly<Record<string, string>>;
  private readonly security: SecurityOptions;
  private readonly app: AppChart;
  private recreate = false;
  /** The pod volume of each claim mounted, so a second mount of a claim reuses it. */
  private readonly claimVolumes = new Map<ProtectedPvc, kplus.Volume>();

  constructor(scope: Construct, id: string, props: StandardAppProps) {
    super(scope, id);
    checkProps(props, STANDARD_APP_PROPS, this.node.path);
    for (const p of props.extraPorts ?? []) checkProps(p, SERVICE_PORT_SPEC, this.node.path, 'extraPorts[].');
    const app = AppChart.of(this);
    this.app = app;
    this.name = props.name ?? id;
    this.security = props.security ?? {};
    if (!isDns1123Label(this.name)) {
      throw new StillonError('InvalidName', this.node.path, explainDns1123Label(this.name), 'pass a lower-case { name } or construct id');
    }
    validatePortNumber(this.node.path, 'port', props.port);
    validatePortNumber(this.node.path, 'servicePort', props.servicePort);
    const portName = props.portName ?? 'http';
    if (props.portName !== undefined) {
      validatePortName(this.node.path, 'portName', props.portName);
      if (!props.port) throw new StillonError('PortNameWithoutPort', this.node.path, `portName '${props.portName}' is given but no port`, 'pass { port } as well, or drop { portName }');
    }
    const containerName = props.containerName ?? this.name;
    if (!isDns1123Label(containerName)) {
      throw new StillonError('InvalidName', this.node.path, `containerName ${explainDns1123Label(containerName)}`, 'pass a lower-case { containerName }');
    }
    if (!props.image || /\s/.test(props.image)) {
      throw new StillonError('InvalidImage', this.node.path, `image '${props.image}' is not an image reference`, "pass e.g. { image: 'nginx:1.27.3' }");
    }
    if (props.extraPorts?.length && !props.port) {
      throw new StillonError('ExtraPortsWithoutPort', this.node.path, 'extraPorts are given but no port', 'pass { port }, or put the ports on addService');
    }
    const portNames = [portName, ...(props.extraPorts ?? []).map((p) => p.name)];
    const twice = portNames.find((n, i) => portNames.indexOf(n) !== i);
    if (twice) {
      throw new StillonError('InvalidPort', this.node.path, `port '${twice}' is listed twice (the main port is named '${portName}')`, 'give each of extraPorts its own name');
    }
    const component = props.component ?? 'web';
    const selector = props.selector ?? { [LABELS.name]: this.name, [LABELS.instance]: app.instanceName };
    this.selector = selector;
    this.labels = { [LABELS.name]: this.name, [LABELS.component]: component, ...selector };
    const description = props.description ?? app.description;
    const automount = props.automountServiceAccountToken ?? props.apiAccess !== undefined;

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.name, labels: this.labels, annotations: description ? { [ANNOTATIONS.description]: description } : undefined },
      replicas: props.replicas ?? 1,
      // Selectors are immutable: never let cdk8s-plus derive one from the construct path.
      select: false,
      securityContext: { ensureNonRoot: !this.security.runAsRoot, fsGroup: props.fsGroup },
      serviceAccount: props.apiAccess ? kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccountRef', props.apiAccess.name) : undefined,
      automountServiceAccountToken: automount,
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    for (const [key, value] of Object.entries(this.labels)) this.deployment.podMetadata.addLabel(key, value);
    const deploymentObject = ApiObject.of(this.deployment);
    deploymentObject.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));

    const short = props.healthCheckPath ? HealthProbe.http(props.healthCheckPath) : undefined;
    const probe = (given: HealthProbe | undefined) => (given ?? short)?.toProbe(props.port, this.node.path);
    const ports: kplus.ContainerPort[] = props.port ? [{ number: props.port, name: portName }] : [];
    for (const p of props.extraPorts ?? []) ports.push({ number: typeof p.targetPort === 'number' ? p.targetPort : p.port, name: p.name, protocol: p.protocol });
    this.container = this.deployment.addContainer(homeLabContainerProps({
      name: containerName,
      image: props.image,
      // `ports`, not `portNumber`: cdk8s-plus adds a TCP startup probe for portNumber.
      ports: ports.length ? ports : undefined,
      command: props.command,
      args: props.args,
      resources: props.resources,
      readiness: probe(props.readiness),
      liveness: probe(props.liveness),
      startup: props.startup?.toProbe(props.port, this.node.path),
    }, this.security, this.node.path));
    if (!this.security.writableRootFilesystem) {
      // A read-only root still needs somewhere for temporary files.
      this.container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    }
    for (const [name, value] of Object.entries(props.env ?? {})) this.env(name, value);

    const serviceName = props.serviceName ?? this.name;
    if (props.port) {
      this.service = new AppService(this, 'Service', {
        name: serviceName,
        selector,
        labels: this.labels,
        kind: props.serviceKind,
        headless: props.headless,
        ports: [
          { name: portName, port: props.servicePort ?? 80, targetPort: props.port },
          ...(props.extraPorts ?? []).map((p) => ({ ...p, targetPort: p.targetPort ?? p.port })),
        ],
      });
    }
    checkTargetPorts(this.node.path, this.deployment.containers, this.service?.ports ?? []);
    if (props.expose ?? props.port !== undefined) {
      if (!this.service) {
        throw new StillonError('ExposeWithoutPort', this.node.path, 'expose is true but no port is given', 'pass { port } or { expose: false }');
      }
      this.ingress = new StillonIngress(this, 'Ingress', {
        ...props.ingress,
        name: props.ingress?.name ?? this.name,
        serviceName,
        servicePort: props.servicePort ?? 80,
        labels: this.labels,
      });
    }
    this.recordDefaults(props, automount);
  }

  /**
   * A further Service over this app's pods, e.g. a DNS server's port 53 on a LoadBalancer next
   * to its web UI's ClusterIP Service. A numeric target port the container does not declare is
   * added to the container under the port's name.
   * @example
   * pihole.addService('dns', { name: 'pihole-dns', kind: ServiceKind.LOAD_BALANCER, ports: [
   *   { name: 'dns-udp', port: 53, protocol: kplus.Protocol.UDP }, { name: 'dns-tcp', port: 53 }] });
   */
  public addService(id: string, options: AdditionalServiceOptions): AppService {
    checkProps(options, ADDITIONAL_SERVICE_OPTIONS, `${this.node.path}/${id}`);
    for (const p of options.ports) {
      const target = p.targetPort ?? p.port;
      const protocol = p.protocol ?? kplus.Protocol.TCP;
      if (typeof target === 'number' && !this.container.ports.some((c) => c.number === target && (c.protocol ?? kplus.Protocol.TCP) === protocol)) {
        if (this.container.ports.some((c) => c.name === p.name)) {
          throw new StillonError('InvalidPort', `${this.node.path}/${id}`, `port '${p.name}' would add container port ${target}/${protocol}, but the container has a port of that name`, 'give the Service port another name, or target the existing port by name');
        }
        this.container.addPort({ number: target, name: p.name, protocol: p.protocol });
      }
    }
    checkTargetPorts(`${this.node.path}/${id}`, this.deployment.containers, options.ports);
    const service = new AppService(this, id, { ...options, selector: this.selector, labels: this.labels });
    this.app.recordConvention({ convention: 'StandardLabels', object: `Service/${service.name}`, path: service.node.path, change: 'app.kubernetes.io/* labels' });
    return service;
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

  /**
   * Mounts a claim (switching to the Recreate strategy) or any cdk8s-plus volume at `path`. The
   * same claim mounted again (another `subPath` of it) reuses its pod volume: one volume, two mounts.
   * @example
   * const etc = new ProtectedPvc(app, 'etc', { size: '1Gi' });
   * pihole.mount('/etc/pihole', etc, { subPath: 'pihole' }).mount('/etc/dnsmasq.d', etc, { subPath: 'dnsmasq.d' });
   */
  public mount(path: string, storage: ProtectedPvc | kplus.Volume, options: kplus.MountOptions = {}): this {
    if (storage instanceof ProtectedPvc) {
      const volume = this.claimVolumes.get(storage) ?? storage.toVolume(this, `volume-${storage.node.id}`);
      this.claimVolumes.set(storage, volume);
      this.container.mount(path, volume, options);
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

  /**
   * Adds a port to the main Service that targets a port any container of the pod declares, by
   * name or number: a sidecar's port (an oauth2-proxy in front of the app) next to the app's.
   * Unlike `extraPorts`, it declares nothing on the main container. Add the sidecar first.
   * @example
   * code.addSidecar({ name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', ports: [{ number: 4180, name: 'oauth2' }] });
   * code.addServicePort({ name: 'oauth2', port: 4180, targetPort: 'oauth2' });
   */
  public addServicePort(port: ServicePortSpec): this {
    checkProps(port, SERVICE_PORT_SPEC, this.node.path, 'addServicePort.');
    if (!this.service) {
      throw new StillonError('ServicePortWithoutService', this.node.path, `port '${port?.name}' cannot go on the main Service: there is none without { port }`,
        'pass { port } to the app, or put the port on addService');
    }
    const target = port.targetPort ?? port.port;
    const protocol = port.protocol ?? kplus.Protocol.TCP;
    if (typeof target === 'number' && !this.deployment.containers.some((c) => c.ports.some((cp) => cp.number === target && (cp.protocol ?? kplus.Protocol.TCP) === protocol))) {
      throw new StillonError('UnknownTargetPort', this.node.path, `targetPort ${target}/${protocol} of port '${port.name}' is declared by no container of the pod`,
        'declare it on the container that listens (addSidecar({ ports })), or use extraPorts for a port of the main container');
    }
    checkTargetPorts(this.node.path, this.deployment.containers, [port]);
    this.service.addPort(port);
    return this;
  }

  private useRecreate(): void {
    if (this.recreate) return;
    this.recreate = true;
    // Recreate: a ReadWriteOnce claim cannot attach to two pods during a rolling update.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.replace('/spec/strategy', { type: 'Recreate' }));
    this.app.recordConvention({ convention: 'RecreateStrategy', object: `Deployment/${this.name}`, path: this.node.path, change: 'spec.strategy.type: Recreate (a ReadWriteOnce claim is mounted)' });
  }

  /** The conventions this app applies to live objects, for synth to list (AppChart.conventionsApplied). */
  private recordDefaults(props: StandardAppProps, automount: boolean): void {
    const record = (convention: AppliedConvention['convention'], object: string, change: string) =>
      this.app.recordConvention({ convention, object, path: this.node.path, change });
    const deployment = `Deployment/${this.name}`;
    record('StandardLabels', deployment, 'app.kubernetes.io/* labels on the Deployment and its pods');
    if (this.service) record('StandardLabels', `Service/${this.service.name}`, 'app.kubernetes.io/* labels');
    record('PodSecurity', deployment, `runAsNonRoot: ${!this.security.runAsRoot}${props.fsGroup !== undefined ? `, fsGroup: ${props.fsGroup}` : ''}`);
    record('ContainerSecurity', deployment, `no privilege escalation, capabilities dropped${this.security.runAsRoot ? ' but those root needs' : ''}${this.security.addCapabilities?.length ? ` (added: ${this.security.addCapabilities.join(', ')})` : ''}, RuntimeDefault seccomp${this.security.writableRootFilesystem ? '' : ', read-only root with /tmp'}`);
    record('PullPolicy', deployment, `imagePullPolicy: ${this.container.imagePullPolicy}`);
    if (!props.resources) record('ResourceRequests', deployment, 'requests 50m CPU and 64Mi memory, no limits');
    record('ServiceAccountToken', deployment, `automountServiceAccountToken: ${automount}`);
  }
}
