import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { explainDns1123Label, isDns1123Label } from '../conventions';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** How a Service is reached. */
export enum ServiceKind {
  /** Inside the cluster only, at a virtual IP. */
  CLUSTER_IP = 'ClusterIP',
  /** ClusterIP plus a port on every node (30000–32767 unless the cluster says otherwise). */
  NODE_PORT = 'NodePort',
  /** NodePort plus an external address from the cluster's load balancer (k3s: ServiceLB/klipper). */
  LOAD_BALANCER = 'LoadBalancer',
}

/** One port of a Service (and, for a StandardApp's extra ports, of its container). */
export interface ServicePortSpec {
  /** Port name, a DNS-1123 label of at most 15 characters, e.g. `dns-udp`. */
  readonly name: string;
  /** Port the Service listens on. */
  readonly port: number;
  /** Container port or port name it forwards to. @default - `port` */
  readonly targetPort?: number | string;
  /** @default - omitted (Kubernetes: TCP) */
  readonly protocol?: kplus.Protocol;
  /** Fixed node port for NodePort and LoadBalancer Services. @default - omitted: Kubernetes picks one */
  readonly nodePort?: number;
}

export interface AppServiceProps {
  /** Service name, e.g. `pihole-dns`. */
  readonly name: string;
  /** Pod labels the Service selects; an existing Service's selector, to adopt it. */
  readonly selector: Readonly<Record<string, string>>;
  /** Labels of the Service object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** At least one port. */
  readonly ports: readonly ServicePortSpec[];
  /** @default ServiceKind.CLUSTER_IP - `type: ClusterIP` */
  readonly kind?: ServiceKind;
  /**
   * No virtual IP: DNS answers with the pods' addresses (`clusterIP: None`), as a StatefulSet's
   * governing Service needs. Only with ClusterIP.
   * @default false
   */
  readonly headless?: boolean;
  /** `externalTrafficPolicy: Local` keeps the client's source IP (a DNS server's per-client stats). Only with NodePort or LoadBalancer. @default - omitted (Kubernetes: Cluster) */
  readonly preserveClientIp?: boolean;
  /** A fixed address on the load balancer (`loadBalancerIP`, e.g. a MetalLB pool address). @default - omitted */
  readonly loadBalancerIp?: string;
}

/** The prop names of ServicePortSpec. */
export const SERVICE_PORT_SPEC = propSchema<ServicePortSpec>({ name: true, port: true, targetPort: true, protocol: true, nodePort: true });

/** The prop names of AppServiceProps. */
export const APP_SERVICE_PROPS = propSchema<AppServiceProps>({
  name: true, selector: true, labels: true, ports: true, kind: true, headless: true, preserveClientIp: true, loadBalancerIp: true,
});

/**
 * A Service with an explicit name, selector and ports: several ports, TCP and UDP, named target
 * ports, headless, NodePort or LoadBalancer. Built on the L1 object because cdk8s-plus's Service
 * takes only numeric target ports.
 *
 * @example
 * web.addService('dns', { name: 'pihole-dns', kind: ServiceKind.LOAD_BALANCER, ports: [
 *   { name: 'dns-udp', port: 53, protocol: kplus.Protocol.UDP },
 *   { name: 'dns-tcp', port: 53 },
 * ] });
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
export class AppService extends Construct {
  public readonly name: string;
  public readonly apiObject: kplus.k8s.KubeService;
  private readonly kind: ServiceKind;
  private readonly specs: ServicePortSpec[] = [];
  private readonly rendered: kplus.k8s.ServicePort[] = [];
  private readonly seen = new Set<string>();

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    checkProps(props, APP_SERVICE_PROPS, this.node.path);
    const where = this.node.path;
    if (!isDns1123Label(props.name)) throw new StillonError('InvalidName', where, `service name ${explainDns1123Label(props.name)}`, 'pass a lower-case { name }');
    if (!props.ports.length) throw new StillonError('ServiceWithoutPorts', where, `Service '${props.name}' has no ports`, 'pass at least one port');
    const kind = props.kind ?? ServiceKind.CLUSTER_IP;
    if (props.headless && kind !== ServiceKind.CLUSTER_IP) {
      throw new StillonError('InvalidService', where, `a headless Service must be ClusterIP, got ${kind}`, 'drop { headless } or { kind }');
    }
    if (kind === ServiceKind.CLUSTER_IP && (props.preserveClientIp !== undefined || props.loadBalancerIp !== undefined)) {
      throw new StillonError('InvalidService', where, 'preserveClientIp and loadBalancerIp need a NodePort or LoadBalancer Service', 'pass { kind: ServiceKind.LOAD_BALANCER }');
    }
    this.kind = kind;
    this.name = props.name;
    this.apiObject = new kplus.k8s.KubeService(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        type: kind,
        clusterIp: props.headless ? 'None' : undefined,
        selector: { ...props.selector },
        externalTrafficPolicy: props.preserveClientIp === undefined ? undefined : props.preserveClientIp ? 'Local' : 'Cluster',
        loadBalancerIp: props.loadBalancerIp,
        // Rendered lazily by cdk8s, so ports added later (addPort) land in the manifest too.
        ports: this.rendered,
      },
    });
    for (const p of props.ports) this.addPort(p);
  }

  /** The Service's ports, in order. */
  public get ports(): readonly ServicePortSpec[] {
    return this.specs;
  }

  /**
   * Adds a port, checked as the constructor checks its ports (name, number, no duplicate name or
   * port/protocol, nodePort only on NodePort and LoadBalancer). Which container serves a named
   * target port is the owner's to check (StandardApp.addServicePort).
   */
  public addPort(p: ServicePortSpec): this {
    const where = this.node.path;
    checkProps(p, SERVICE_PORT_SPEC, where, 'ports[].');
    validatePort(where, `port '${p.name}'`, p.port);
    if (typeof p.targetPort === 'number') validatePort(where, `targetPort of '${p.name}'`, p.targetPort);
    if (!isDns1123Label(p.name) || p.name.length > 15) {
      throw new StillonError('InvalidPort', where, `port name '${p.name}' must be a lower-case DNS label of at most 15 characters`, "pass e.g. { name: 'dns-udp' }");
    }
    const key = `${p.port}/${p.protocol ?? kplus.Protocol.TCP}`;
    if (this.seen.has(p.name) || this.seen.has(key)) throw new StillonError('InvalidPort', where, `port '${p.name}' (${key}) is listed twice`, 'give each port its own name and port/protocol');
    this.seen.add(p.name).add(key);
    if (p.nodePort !== undefined && this.kind === ServiceKind.CLUSTER_IP) {
      throw new StillonError('InvalidPort', where, `port '${p.name}' sets nodePort on a ClusterIP Service`, 'pass { kind: ServiceKind.NODE_PORT } or drop the nodePort');
    }
    this.specs.push(p);
    this.rendered.push({
      name: p.name,
      port: p.port,
      targetPort: typeof p.targetPort === 'string' ? kplus.k8s.IntOrString.fromString(p.targetPort) : kplus.k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
      protocol: p.protocol,
      nodePort: p.nodePort,
    });
    return this;
  }
}

function validatePort(where: string, what: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StillonError('InvalidPort', where, `${what} must be a whole number from 1 to 65535, got ${port}`, 'pass e.g. 8080');
  }
}
