import { Tree, asSet, byKey, clean, or, quantities, rest } from './canonical-values';

/** Pod-level security fields a container inherits unless it sets its own. */
const INHERITED_SECURITY = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile', 'seLinuxOptions', 'windowsOptions', 'appArmorProfile'];
/** Pod-level security fields only the pod has. */
const POD_SECURITY = ['fsGroup', 'fsGroupChangePolicy', 'supplementalGroups', 'sysctls'];

/** Pod spec fields the canonical form models; any other is compared as written. */
const POD_KEYS = [
  'containers', 'initContainers', 'volumes', 'securityContext', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken',
  'hostNetwork', 'hostPID', 'hostIPC', 'dnsPolicy', 'dnsConfig', 'nodeSelector', 'nodeName', 'tolerations', 'affinity',
  'topologySpreadConstraints', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'enableServiceLinks',
  'imagePullSecrets', 'priorityClassName', 'runtimeClassName', 'hostname', 'subdomain', 'hostAliases', 'shareProcessNamespace',
  'setHostnameAsFQDN', 'schedulerName',
];
/** Container fields the canonical form models. */
const CONTAINER_KEYS = [
  'name', 'image', 'imagePullPolicy', 'command', 'args', 'workingDir', 'env', 'envFrom', 'ports', 'volumeMounts', 'readinessProbe',
  'livenessProbe', 'startupProbe', 'resources', 'securityContext', 'lifecycle', 'restartPolicy', 'stdin', 'tty',
  'terminationMessagePath', 'terminationMessagePolicy',
];
const READ_ONLY_SOURCES = ['configMap', 'secret', 'downwardAPI', 'projected'];

/** Names of ConfigMaps and Secrets as the other side calls them (kustomize's generated names). */
export type Renames = ReadonlyMap<string, string>;

/**
 * A pod template by meaning: containers by name, each with its effective security context, its
 * env as a map, its ports by number and protocol, its probes with the API's defaults filled and
 * named ports resolved, and its mounts by path with the volume they mount inlined (so a volume
 * name is not a difference, its source is).
 */
export function canonicalPodTemplate(template: any, renames: Renames): Tree {
  const spec = template?.spec ?? {};
  const volumes = new Map<string, unknown>((spec.volumes ?? []).map((v: any) => [v.name, volumeSource(v, renames)]));
  const mounted = new Set<string>();
  const containers = (list: any[] | undefined) => byKey<any>(list, (c) => c.name, (c) => {
    for (const m of c.volumeMounts ?? []) mounted.add(m.name);
    return container(c, spec.securityContext ?? {}, volumes, renames);
  });
  const security = spec.securityContext ?? {};
  const out = {
    labels: template?.metadata?.labels,
    annotations: template?.metadata?.annotations,
    containers: containers(spec.containers),
    initContainers: containers(spec.initContainers),
    spec: {
      securityContext: {
        ...Object.fromEntries(POD_SECURITY.map((k) => [k, k === 'supplementalGroups' ? asSet(security[k]) : security[k]])),
        // The API's default once there is an fsGroup, and meaningless without one.
        fsGroupChangePolicy: security.fsGroup === undefined ? undefined : or(security.fsGroupChangePolicy, 'Always'),
      },
      serviceAccountName: or(spec.serviceAccountName ?? spec.serviceAccount, 'default'),
      automountServiceAccountToken: or(spec.automountServiceAccountToken, true),
      hostNetwork: or(spec.hostNetwork, false),
      hostPID: or(spec.hostPID, false),
      hostIPC: or(spec.hostIPC, false),
      dnsPolicy: or(spec.dnsPolicy, 'ClusterFirst'),
      dnsConfig: spec.dnsConfig,
      nodeSelector: spec.nodeSelector,
      nodeName: spec.nodeName,
      tolerations: asSet(spec.tolerations),
      affinity: spec.affinity,
      topologySpreadConstraints: asSet(spec.topologySpreadConstraints),
      restartPolicy: or(spec.restartPolicy, 'Always'),
      terminationGracePeriodSeconds: or(spec.terminationGracePeriodSeconds, 30),
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      enableServiceLinks: or(spec.enableServiceLinks, true),
      imagePullSecrets: asSet((spec.imagePullSecrets ?? []).map((s: any) => s.name)),
      priorityClassName: spec.priorityClassName,
      runtimeClassName: spec.runtimeClassName,
      hostname: spec.hostname,
      subdomain: spec.subdomain,
      hostAliases: asSet(spec.hostAliases),
      shareProcessNamespace: or(spec.shareProcessNamespace, false),
      setHostnameAsFQDN: or(spec.setHostnameAsFQDN, false),
      schedulerName: or(spec.schedulerName, 'default-scheduler'),
      unhandled: rest(spec, POD_KEYS),
    },
    // A volume no container mounts still binds its claim and schedules the pod with it.
    unmountedVolumes: Object.fromEntries([...volumes].filter(([name]) => !mounted.has(name))),
  };
  return clean(out) as Tree ?? {};
}

function container(c: any, podSecurity: any, volumes: Map<string, unknown>, renames: Renames): Tree {
  const ports = new Map<string, number>((c.ports ?? []).filter((p: any) => p.name).map((p: any) => [p.name, p.containerPort]));
  const probe = (p: any) => p && canonicalProbe(p, ports);
  const security = c.securityContext ?? {};
  const effective: Tree = {};
  for (const key of INHERITED_SECURITY) effective[key] = security[key] ?? podSecurity[key];
  // runAsNonRoot: false asks for nothing, as its absence does.
  effective.runAsNonRoot = or(effective.runAsNonRoot as boolean | undefined, false);
  return {
    image: c.image,
    imagePullPolicy: or(c.imagePullPolicy, defaultPullPolicy(c.image)),
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    env: byKey<any>(c.env, (e) => e.name, (e) => (e.valueFrom ? envSource(e.valueFrom, renames) : or(e.value, ''))),
    envFrom: byKey<any>(c.envFrom, (e) => envFromKey(e, renames), (e) => ({ optional: or((e.configMapRef ?? e.secretRef)?.optional, false) })),
    ports: byKey<any>(c.ports, (p) => `${p.containerPort}/${or(p.protocol, 'TCP')}`, (p) => ({ name: p.name, hostPort: p.hostPort, hostIP: p.hostIP })),
    mounts: byKey<any>(c.volumeMounts, (m) => m.mountPath, (m) => ({
      volume: volumes.get(m.name) ?? { missing: m.name },
      subPath: m.subPath,
      subPathExpr: m.subPathExpr,
      // The kubelet mounts ConfigMap, Secret, downward API and projected volumes read-only whatever the mount says.
      readOnly: READ_ONLY_SOURCES.some((k) => (volumes.get(m.name) as any)?.[k]) || or(m.readOnly, false),
      mountPropagation: m.mountPropagation,
    })),
    probes: { readiness: probe(c.readinessProbe), liveness: probe(c.livenessProbe), startup: probe(c.startupProbe) },
    resources: { requests: quantities(c.resources?.requests), limits: quantities(c.resources?.limits) },
    securityContext: {
      ...effective,
      privileged: or(security.privileged, false),
      // The API's default: escalation is allowed unless denied.
      allowPrivilegeEscalation: or(security.allowPrivilegeEscalation, true),
      readOnlyRootFilesystem: or(security.readOnlyRootFilesystem, false),
      procMount: security.procMount,
      capabilities: { add: asSet(security.capabilities?.add), drop: asSet(security.capabilities?.drop) },
    },
    lifecycle: c.lifecycle,
    restartPolicy: c.restartPolicy,
    stdin: or(c.stdin, false),
    tty: or(c.tty, false),
    terminationMessagePath: or(c.terminationMessagePath, '/dev/termination-log'),
    terminationMessagePolicy: or(c.terminationMessagePolicy, 'File'),
    unhandled: rest(c, CONTAINER_KEYS),
  };
}

/** Kubernetes pulls `:latest` and untagged images Always, anything else IfNotPresent. */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string' || image.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function canonicalProbe(p: any, ports: Map<string, number>): Tree {
  const port = (value: unknown) => (typeof value === 'string' && ports.has(value) ? ports.get(value) : value);
  return {
    httpGet: p.httpGet && {
      path: or(p.httpGet.path, '/'),
      port: port(p.httpGet.port),
      scheme: or(p.httpGet.scheme, 'HTTP'),
      host: p.httpGet.host,
      httpHeaders: asSet(p.httpGet.httpHeaders),
    },
    tcpSocket: p.tcpSocket && { port: port(p.tcpSocket.port), host: p.tcpSocket.host },
    exec: p.exec,
    grpc: p.grpc && { port: p.grpc.port, service: or(p.grpc.service, '') },
    initialDelaySeconds: or(p.initialDelaySeconds, 0),
    periodSeconds: or(p.periodSeconds, 10),
    timeoutSeconds: or(p.timeoutSeconds, 1),
    successThreshold: or(p.successThreshold, 1),
    failureThreshold: or(p.failureThreshold, 3),
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
  };
}

function rename(name: unknown, renames: Renames): unknown {
  return typeof name === 'string' ? renames.get(name) ?? name : name;
}

function envSource(from: any, renames: Renames): Tree {
  const ref = (r: any) => ({ name: rename(r.name, renames), key: r.key, optional: or(r.optional, false) });
  if (from.secretKeyRef) return { secretKeyRef: ref(from.secretKeyRef) };
  if (from.configMapKeyRef) return { configMapKeyRef: ref(from.configMapKeyRef) };
  if (from.fieldRef) return { fieldRef: { fieldPath: from.fieldRef.fieldPath, apiVersion: or(from.fieldRef.apiVersion, 'v1') } };
  return from;
}

function envFromKey(e: any, renames: Renames): string {
  const kind = e.configMapRef ? 'configMap' : 'secret';
  return `${kind}:${rename((e.configMapRef ?? e.secretRef)?.name, renames)}${e.prefix ? `:${e.prefix}` : ''}`;
}

/** A volume's source without its name; items sorted, default modes filled. */
function volumeSource(v: any, renames: Renames): unknown {
  const { name: _name, ...source } = v;
  // 420 = 0644, the API's default file mode.
  const files = (s: any) => ({ items: asSet(s.items), defaultMode: or(s.defaultMode, 420), optional: or(s.optional, false) });
  if (source.configMap) return { configMap: { name: rename(source.configMap.name, renames), ...files(source.configMap) } };
  if (source.secret) return { secret: { secretName: rename(source.secret.secretName, renames), ...files(source.secret) } };
  const claim = source.persistentVolumeClaim;
  if (claim) return { persistentVolumeClaim: { claimName: claim.claimName, readOnly: or(claim.readOnly, false) } };
  if (source.emptyDir) return { emptyDir: { medium: or(source.emptyDir.medium, ''), sizeLimit: source.emptyDir.sizeLimit } };
  if (source.hostPath) return { hostPath: { path: source.hostPath.path, type: or(source.hostPath.type, '') } };
  return clean(source);
}
