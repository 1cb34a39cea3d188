import { MapContext, podSpecOf } from './context';
import { Expr, code, print, str } from './expr';
import { env, mounts } from './map-container';
import { backends, tryIngressOptions } from './map-ingress';
import { mapSidecar } from './map-sidecar';
import { objectKey, unmappable } from './model';
import { onlyKeys, probe, resources, security } from './values';

/** Statements for one workload and the objects (Services, Ingress) it stands for. */
export interface WorkloadPart {
  readonly lines: string[];
  readonly objects: string[];
}

const DEPLOYMENT_SPEC = ['replicas', 'selector', 'template', 'strategy'];
const POD_SPEC = ['containers', 'volumes', 'securityContext', 'nodeSelector', 'automountServiceAccountToken', 'restartPolicy', 'dnsPolicy', 'serviceAccountName'];
const CONTAINER = ['name', 'image', 'imagePullPolicy', 'command', 'args', 'ports', 'env', 'envFrom', 'resources', 'readinessProbe',
  'livenessProbe', 'startupProbe', 'securityContext', 'volumeMounts'];
const SERVICE_SPEC = ['selector', 'ports', 'type', 'clusterIP', 'externalTrafficPolicy'];

/**
 * A Deployment, the Services selecting exactly its pods and the Ingress to its main Service, as
 * one StandardApp. Throws Unmappable for anything StandardApp cannot say exactly, so the caller
 * writes these objects through RawObject instead.
 */
export function mapDeployment(d: any, id: string, ctx: MapContext): WorkloadPart {
  const imports = ctx.imports;
  const name = String(d.metadata.name);
  onlyKeys(d.spec, DEPLOYMENT_SPEC, 'spec');
  onlyKeys(d.metadata, ['name', 'namespace', 'labels'], 'metadata');
  const pod = podSpecOf(d) ?? {};
  onlyKeys(pod, POD_SPEC, 'pod spec');
  onlyKeys(d.spec.template?.metadata, ['labels'], 'pod template metadata');
  onlyKeys(d.spec.selector, ['matchLabels'], 'selector');
  const selector: Record<string, string> = d.spec.selector?.matchLabels ?? {};
  if (!Object.keys(selector).length) unmappable('no matchLabels selector');
  const podLabels: Record<string, string> = d.spec.template?.metadata?.labels ?? {};
  // Pod labels beyond the selector would be lost (StandardApp adds only its own).
  for (const [k, v] of Object.entries(podLabels)) if (selector[k] !== v && !k.startsWith('app.kubernetes.io/')) unmappable(`pod label ${k} beyond the selector`);
  for (const [k, v] of Object.entries(d.metadata.labels ?? {})) if (selector[k] !== v && !k.startsWith('app.kubernetes.io/')) unmappable(`label ${k} beyond the selector`);
  if (!(pod.containers ?? []).length) unmappable('no container');
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== 'Always') unmappable(`restartPolicy ${pod.restartPolicy}`);
  if (pod.dnsPolicy !== undefined && pod.dnsPolicy !== 'ClusterFirst') unmappable(`dnsPolicy ${pod.dnsPolicy}`);
  // The main container is the one named as the workload, else the first; the others are sidecars.
  const c = pod.containers.find((x: any) => x.name === name) ?? pod.containers[0];
  onlyKeys(c, CONTAINER, `container ${c.name}`);
  const web = ctx.variable(name);
  const sidecarParts = (pod.containers as any[]).filter((x) => x !== c).map((x) => mapSidecar(x, pod, web, ctx));
  const sidecarPort = (t: unknown) => sidecarParts.some((sc) => typeof t === 'string' && sc.ports.has(t));

  const services: any[] = ctx.objects.filter((o: any) => o.kind === 'Service' && JSON.stringify(sorted(o.spec?.selector)) === JSON.stringify(sorted(selector)));
  const ports: Array<{ name?: string; containerPort: number; protocol?: string }> = c.ports ?? [];
  const portsByName = new Map(ports.filter((p) => p.name).map((p) => [String(p.name), p.containerPort]));
  const target = (t: unknown) => (typeof t === 'number' ? t : portsByName.get(String(t)));
  const ingressTargets = new Set(ctx.objects.filter((o) => o.kind === 'Ingress').flatMap(backends));
  // The main Service: named as the workload, else the one an Ingress sends to, else a ClusterIP one.
  const main: any = services.find((s: any) => s.metadata.name === name) ?? services.find((s: any) => ingressTargets.has(s.metadata.name))
    ?? services.find((s: any) => (s.spec?.type ?? 'ClusterIP') === 'ClusterIP') ?? services[0];
  const mainSvcPort = main?.spec?.ports?.[0];
  const mainPort = mainSvcPort ? target(mainSvcPort.targetPort ?? mainSvcPort.port) : ports[0]?.containerPort;
  if (mainSvcPort && mainPort === undefined) unmappable(`Service ${main.metadata.name} targets port ${mainSvcPort.targetPort}, which the container does not declare`);
  const mainContainerPort = ports.find((p) => p.containerPort === mainPort && (p.protocol ?? 'TCP') === 'TCP');
  if (mainPort !== undefined && !mainContainerPort) unmappable(`the main port ${mainPort} is not declared by the container`);

  const sec = security(c, pod, imports);
  const props: Record<string, Expr> = {
    name: id !== name ? name : undefined,
    containerName: c.name !== name ? c.name : undefined,
    image: c.image,
    command: c.command,
    args: c.args,
    port: mainPort,
    portName: mainContainerPort?.name && mainContainerPort.name !== 'http' ? mainContainerPort.name : undefined,
    replicas: d.spec.replicas !== undefined && d.spec.replicas !== 1 ? d.spec.replicas : undefined,
    selector,
  };
  if (mainContainerPort && !mainContainerPort.name) unmappable(`the main port ${mainPort} has no name (StandardApp names it)`);
  const claimed: string[] = [objectKey(d)];
  const after: string[] = sidecarParts.flatMap((sc) => sc.lines);
  const servicePorts: string[] = [];

  // Services: the main one through props, the others through addService.
  if (main) {
    onlyKeys(main.spec, SERVICE_SPEC, `Service ${main.metadata.name} spec`);
    checkServiceMetadata(main, selector);
    if (main.spec.externalTrafficPolicy !== undefined) unmappable('externalTrafficPolicy on the main Service');
    if (mainSvcPort.nodePort !== undefined) unmappable('a nodePort on the main Service port');
    if (mainSvcPort.name !== (props.portName ?? 'http')) unmappable(`the main Service port is named '${mainSvcPort.name}', not after the container port`);
    props.servicePort = mainSvcPort.port !== 80 ? mainSvcPort.port : undefined;
    props.serviceName = main.metadata.name !== name ? main.metadata.name : undefined;
    props.serviceKind = serviceKind(main.spec.type, imports);
    props.headless = main.spec.clusterIP === 'None' ? true : undefined;
    // A port to a sidecar goes on through addServicePort: extraPorts would declare it on the main container.
    const extra = (main.spec.ports as any[]).slice(1).filter((p) => !sidecarPort(p.targetPort)).map((p) => servicePort(p, imports));
    for (const p of (main.spec.ports as any[]).slice(1).filter((x) => sidecarPort(x.targetPort))) servicePorts.push(`${web}.addServicePort(${print(servicePort(p, imports))});`);
    props.extraPorts = extra.length ? extra : undefined;
    claimed.push(objectKey(main));
  }
  const extraTargets = ((main?.spec.ports ?? []) as any[]).slice(1).filter((p) => !sidecarPort(p.targetPort))
    .map((p) => target(p.targetPort ?? p.port) ?? -1);
  const onService = new Set<number>([mainPort ?? -1, ...extraTargets]);
  for (const p of ports) {
    if (onService.has(p.containerPort) && (p.protocol ?? 'TCP') === 'TCP') continue;
    if (!p.name) unmappable(`container port ${p.containerPort} has no name`);
    if (p.protocol && p.protocol !== 'TCP') imports.kplus.add('Protocol');
    after.push(`${web}.container.addPort(${print({ number: p.containerPort, name: p.name, protocol: p.protocol && p.protocol !== 'TCP' ? code(`Protocol.${p.protocol}`) : undefined })});`);
  }
  after.push(...servicePorts);
  for (const s of services.filter((x) => x !== main) as any[]) {
    onlyKeys(s.spec, SERVICE_SPEC, `Service ${s.metadata.name} spec`);
    checkServiceMetadata(s, selector);
    const options = {
      name: s.metadata.name,
      kind: serviceKind(s.spec.type, imports),
      headless: s.spec.clusterIP === 'None' ? true : undefined,
      preserveClientIp: s.spec.externalTrafficPolicy === 'Local' ? true : s.spec.externalTrafficPolicy === undefined ? undefined : unmappable(`externalTrafficPolicy ${s.spec.externalTrafficPolicy}`),
      ports: (s.spec.ports as any[]).map((p) => servicePort(p, imports)),
    };
    after.push(`${web}.addService(${str(s.metadata.name)}, ${print(options)});`);
    claimed.push(objectKey(s));
  }

  // The Ingress to the main Service, when it is the plain one StandardApp writes.
  const ingresses = ctx.objects.filter((o: any) => o.kind === 'Ingress' && backends(o).some((b) => b === main?.metadata.name));
  const ingress = ingresses.length === 1 && main ? tryIngressOptions(ingresses[0], name, ctx) : undefined;
  if (ingress) {
    claimed.push(objectKey(ingresses[0]));
    props.ingress = print(ingress) === '{}' ? undefined : ingress;
  } else {
    // Any other Ingress is mapped on its own (a StillonIngress, or raw).
    props.expose = main ? false : undefined;
  }

  props.security = sec.security;
  props.fsGroup = sec.fsGroup;
  if (pod.serviceAccountName !== undefined) {
    const access = ctx.apiAccess.get(pod.serviceAccountName);
    if (!access) unmappable(`serviceAccountName ${pod.serviceAccountName}, which is no ServiceAccount ApiAccess could write`);
    props.apiAccess = code(access);
    // With apiAccess the token is mounted unless the original turned it off.
    props.automountServiceAccountToken = pod.automountServiceAccountToken === false ? false : undefined;
  } else {
    props.automountServiceAccountToken = pod.automountServiceAccountToken === true ? true : undefined;
  }
  props.resources = resources(c.resources, imports);
  props.readiness = probe(c.readinessProbe, portsByName, mainPort, imports);
  props.liveness = probe(c.livenessProbe, portsByName, mainPort, imports);
  props.startup = probe(c.startupProbe, portsByName, mainPort, imports);
  props.env = env(c.env, ctx);

  for (const e of c.envFrom ?? []) {
    onlyKeys(e, ['secretRef', 'configMapRef', 'prefix'], 'envFrom');
    if (e.secretRef) {
      const ref = ctx.sealed.get(e.secretRef.name);
      if (!ref || e.prefix) unmappable(`envFrom of Secret ${e.secretRef.name}, which is no SealedSecret of the app`);
      after.push(`${web}.envFrom(${ref});`);
    } else {
      const cm = ctx.configMaps.get(e.configMapRef?.name);
      if (!cm) unmappable(`envFrom of ConfigMap ${e.configMapRef?.name}, which is not in the app`);
      after.push(`${cm}.envFrom(${web}${e.prefix ? `, { prefix: ${str(e.prefix)} }` : ''});`);
    }
  }
  const sidecarMounts = sidecarParts.map((sc) => ({ c: (pod.containers as any[]).find((x) => x.name === sc.name), expr: sc.variable }));
  after.push(...mounts([{ c }, ...sidecarMounts], pod, web, ctx, true));
  if (pod.nodeSelector) {
    ctx.imports.stillon.add('placePod');
    after.push(`placePod(${web}, { nodeSelector: ${print(pod.nodeSelector)} });`);
  }
  const strategy = d.spec.strategy?.type;
  const mountsClaim = (pod.volumes ?? []).some((v: any) => v.persistentVolumeClaim);
  if (d.spec.strategy && (Object.keys(d.spec.strategy).some((k) => k !== 'type') || (strategy === 'Recreate') !== mountsClaim)) {
    unmappable(`strategy ${JSON.stringify(d.spec.strategy)} (StandardApp recreates exactly when it mounts a claim)`);
  }

  ctx.imports.stillon.add('StandardApp');
  const uses = after.length > 0;
  return {
    lines: [`${uses ? `const ${web} = ` : ''}new StandardApp(app, ${str(id)}, ${print(props)});`, ...after],
    objects: claimed,
  };
}

function sorted(o: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

function checkServiceMetadata(s: any, selector: Record<string, string>): void {
  onlyKeys(s.metadata, ['name', 'namespace', 'labels'], `Service ${s.metadata.name} metadata`);
  for (const [k, v] of Object.entries(s.metadata.labels ?? {})) if (selector[k] !== v && !k.startsWith('app.kubernetes.io/')) unmappable(`Service label ${k}`);
}

function serviceKind(type: string | undefined, imports: MapContext['imports']): Expr {
  if (type === undefined || type === 'ClusterIP') return undefined;
  if (type !== 'NodePort' && type !== 'LoadBalancer') unmappable(`Service type ${type}`);
  imports.stillon.add('ServiceKind');
  return code(type === 'NodePort' ? 'ServiceKind.NODE_PORT' : 'ServiceKind.LOAD_BALANCER');
}

function servicePort(p: any, imports: MapContext['imports']): Expr {
  onlyKeys(p, ['name', 'port', 'targetPort', 'protocol', 'nodePort'], 'Service port');
  if (!p.name) unmappable(`Service port ${p.port} has no name`);
  if (p.protocol && p.protocol !== 'TCP') imports.kplus.add('Protocol');
  return {
    name: p.name,
    port: p.port,
    targetPort: p.targetPort === undefined || p.targetPort === p.port ? undefined : p.targetPort,
    protocol: p.protocol && p.protocol !== 'TCP' ? code(`Protocol.${p.protocol}`) : undefined,
    nodePort: p.nodePort,
  };
}
