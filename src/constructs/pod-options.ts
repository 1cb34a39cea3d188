import { createHash } from 'node:crypto';
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS } from '../conventions';
import { ApiAccess } from './api-access';
import { AppChart } from './app-chart';
import { CONTAINER_RESOURCES, SECURITY_OPTIONS, SecurityOptions, homeLabContainerProps } from './container-defaults';
import { SealedSecretKey } from './sealed-secret-ref';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/**
 * The workload half of every pod-running construct (StatefulApp, StillonJob, StillonCronJob,
 * and StandardApp through its `deployment`): the main container and the pod it runs in. The
 * helpers below (placement, init containers, ConfigMap mounts) take any of them.
 */
export interface IPodWorkload {
  /** The main container. */
  readonly container: kplus.Container;
  /** The cdk8s-plus workload whose pod template holds the container. */
  readonly pod: kplus.Workload;
}

/** Something that runs a pod: one of our workload constructs, or a StandardApp (`{ deployment, container }`). */
export type PodTarget = IPodWorkload | { readonly deployment: kplus.Deployment; readonly container: kplus.Container };

/** The pod and main container of a target. */
export function podOf(target: PodTarget): IPodWorkload {
  return 'pod' in target ? target : { pod: target.deployment, container: target.container };
}

/** A toleration of a node taint, so the pod may run on a tainted node (a GPU box, a control-plane node). */
export interface Toleration {
  /** Taint key. @default - omitted: tolerate every taint (operator Exists) */
  readonly key?: string;
  /** Taint value; given means `operator: Equal`. @default - omitted: any value (operator Exists) */
  readonly value?: string;
  /** Effect tolerated. @default - omitted: every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** For NoExecute: stay this long after the taint appears. @default - omitted: forever */
  readonly evictAfter?: Duration;
}

/** Where and how the pod runs on the node: each is off unless asked, as Kubernetes has it. */
export interface PodPlacement {
  /** Run only on nodes with these labels (`spec.nodeSelector`). @default - omitted: any node */
  readonly nodeSelector?: Record<string, string>;
  /** Taints the pod tolerates (`spec.tolerations`). @default - omitted: none */
  readonly tolerations?: readonly Toleration[];
  /**
   * Use the node's network namespace (a DNS server or DHCP helper that must see the LAN).
   * The pod then gets `dnsPolicy: ClusterFirstWithHostNet` unless `dnsPolicy` says otherwise:
   * with plain ClusterFirst a host-network pod silently resolves through the node, not the cluster.
   * @default false - rendered `hostNetwork: false`
   */
  readonly hostNetwork?: boolean;
  /** @default - `ClusterFirst`, or `ClusterFirstWithHostNet` with hostNetwork */
  readonly dnsPolicy?: kplus.DnsPolicy;
}

const TOLERATION = propSchema<Toleration>({ key: true, value: true, effect: true, evictAfter: true });
export const POD_PLACEMENT = propSchema<PodPlacement>({ nodeSelector: true, tolerations: true, hostNetwork: true, dnsPolicy: true });

const EFFECTS: Record<NonNullable<Toleration['effect']>, kplus.TaintEffect> = {
  NoSchedule: kplus.TaintEffect.NO_SCHEDULE,
  PreferNoSchedule: kplus.TaintEffect.PREFER_NO_SCHEDULE,
  NoExecute: kplus.TaintEffect.NO_EXECUTE,
};

/** Only the PodPlacement fields of a construct's props, for placePod. */
export function placementOf(props: PodPlacement): PodPlacement {
  return { nodeSelector: props.nodeSelector, tolerations: props.tolerations, hostNetwork: props.hostNetwork, dnsPolicy: props.dnsPolicy };
}

/** The JSON pointer of the pod spec inside a workload's manifest. */
function podSpecPointer(pod: kplus.Workload): string {
  return ApiObject.of(pod).kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
}

/**
 * Applies node selector, tolerations, host network and DNS policy to a workload's pod.
 * @example
 * placePod(web, { nodeSelector: { 'kubernetes.io/hostname': 'nas' }, tolerations: [{ key: 'gpu', effect: 'NoSchedule' }] });
 */
export function placePod(target: PodTarget, placement: PodPlacement, where: string = podOf(target).pod.node.path): void {
  checkProps(placement, POD_PLACEMENT, where);
  for (const toleration of placement.tolerations ?? []) checkProps(toleration, TOLERATION, where, 'tolerations[].');
  const { pod } = podOf(target);
  const spec = podSpecPointer(pod);
  const object = ApiObject.of(pod);
  if (placement.nodeSelector && Object.keys(placement.nodeSelector).length) {
    object.addJsonPatch(JsonPatch.add(`${spec}/nodeSelector`, { ...placement.nodeSelector }));
  }
  for (const t of placement.tolerations ?? []) {
    if (t.effect !== undefined && !(t.effect in EFFECTS)) {
      throw new StillonError('InvalidToleration', where, `effect '${t.effect}' is not a taint effect`, 'pass NoSchedule, PreferNoSchedule or NoExecute');
    }
    if (t.value !== undefined && t.key === undefined) {
      throw new StillonError('InvalidToleration', where, `value '${t.value}' given without a key`, 'pass { key, value } or neither');
    }
    const options = { effect: t.effect && EFFECTS[t.effect], evictAfter: t.evictAfter };
    const query = t.key === undefined ? kplus.NodeTaintQuery.any()
      : t.value === undefined ? kplus.NodeTaintQuery.exists(t.key, options) : kplus.NodeTaintQuery.is(t.key, t.value, options);
    pod.scheduling.tolerate(kplus.Node.tainted(query));
  }
  // cdk8s-plus always renders both fields, so they are replaced, not added.
  if (placement.hostNetwork) object.addJsonPatch(JsonPatch.replace(`${spec}/hostNetwork`, true));
  const dnsPolicy = placement.dnsPolicy ?? (placement.hostNetwork ? kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : undefined);
  if (dnsPolicy) object.addJsonPatch(JsonPatch.replace(`${spec}/dnsPolicy`, dnsPolicy));
}

/** An environment variable value: a literal (never a secret) or a key of a sealed secret. */
export type ContainerEnvInput = string | SealedSecretKey;

/** The main container of a StatefulApp, StillonJob or StillonCronJob. */
export interface MainContainerOptions {
  /** Image with a pinned tag, e.g. `postgres:16.4`. */
  readonly image: string;
  /** Name of the container. @default - the workload's name */
  readonly containerName?: string;
  /** Entrypoint override. @default - the image's */
  readonly command?: string[];
  /** Arguments override. @default - the image's */
  readonly args?: string[];
  /** Working directory. @default - the image's */
  readonly workingDir?: string;
  /** Environment variables. @default {} */
  readonly env?: Record<string, ContainerEnvInput>;
  /** @default HOME_LAB_RESOURCES (see container-defaults.ts) */
  readonly resources?: kplus.ContainerResources;
  /** Relaxations of the secure container defaults. @default {} - non-root, read-only root filesystem with an emptyDir at /tmp */
  readonly security?: SecurityOptions;
  /** `fsGroup` of the pod, so a non-root user can write its volumes. @default - omitted */
  readonly fsGroup?: number;
  /** ServiceAccount and RBAC for a workload that talks to the Kubernetes API. @default - none: the namespace's default ServiceAccount */
  readonly apiAccess?: ApiAccess;
  /** Mount the ServiceAccount token. @default - true with `apiAccess`, false otherwise (`automountServiceAccountToken: false`) */
  readonly automountServiceAccountToken?: boolean;
}

/** The prop names of MainContainerOptions, for a construct's schema. */
export const MAIN_CONTAINER_NAMES = {
  image: true,
  containerName: true,
  command: true,
  args: true,
  workingDir: true,
  env: true,
  resources: true,
  security: true,
  fsGroup: true,
  apiAccess: true,
  automountServiceAccountToken: true,
} as const;

/** The cdk8s-plus workload props for the pod's identity and security context. */
export function podIdentityProps(scope: Construct, options: MainContainerOptions) {
  return {
    serviceAccount: options.apiAccess ? kplus.ServiceAccount.fromServiceAccountName(scope, 'ServiceAccountRef', options.apiAccess.name) : undefined,
    automountServiceAccountToken: options.automountServiceAccountToken ?? options.apiAccess !== undefined,
    securityContext: { ensureNonRoot: !options.security?.runAsRoot, fsGroup: options.fsGroup },
  };
}
export const MAIN_CONTAINER_NESTED = { resources: CONTAINER_RESOURCES, security: SECURITY_OPTIONS } as const;

/** Adds the main container (first in the pod) with the home-lab defaults, its env and a writable /tmp. */
export function addMainContainer(scope: Construct, pod: kplus.Workload, name: string, options: MainContainerOptions,
  extra: Partial<kplus.ContainerProps> = {}): kplus.Container {
  if (!options.image || /\s/.test(options.image)) {
    throw new StillonError('InvalidImage', scope.node.path, `image '${options.image}' is not an image reference`, "pass e.g. { image: 'postgres:16.4' }");
  }
  const security = options.security ?? {};
  const container = pod.addContainer(homeLabContainerProps({
    name: options.containerName ?? name,
    image: options.image,
    command: options.command,
    args: options.args,
    workingDir: options.workingDir,
    resources: options.resources,
    ...extra,
  }, security, scope.node.path));
  if (!security.writableRootFilesystem) {
    // A read-only root still needs somewhere for temporary files.
    container.mount('/tmp', kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp'));
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    container.env.addVariable(key, typeof value === 'string' ? kplus.EnvValue.fromValue(value) : value.envValue);
  }
  return container;
}

/** cdk8s-plus container props with the name required. */
export type NamedContainerProps = kplus.ContainerProps & { readonly name: string };

/**
 * Adds an init container (it runs to completion before the main container starts) with the
 * home-lab defaults. Its name is required: a generated one would be a contract nobody chose.
 * Share files with the main container through a volume both mount.
 * @example
 * const work = kplus.Volume.fromEmptyDir(app, 'work', 'work');
 * addInitContainer(web, { name: 'fetch', image: 'busybox:1.36.1', command: ['sh', '-c', 'cp /src/* /work'] }).mount('/work', work);
 * web.mount('/work', work);
 */
export function addInitContainer(target: PodTarget, props: NamedContainerProps, security: SecurityOptions = {}): kplus.Container {
  const { pod } = podOf(target);
  if (!props?.name) {
    throw new StillonError('MissingContainerName', pod.node.path, 'an init container needs a name', "pass e.g. { name: 'migrate', image: ... }");
  }
  return pod.addInitContainer(homeLabContainerProps(props, security, pod.node.path));
}

/**
 * Adds a sidecar (a second container running next to the main one) with the home-lab defaults
 * and an explicit name, to any workload; StandardApp's `addSidecar` does the same for itself.
 */
export function addSidecar(target: PodTarget, props: NamedContainerProps, security: SecurityOptions = {}): kplus.Container {
  const { pod } = podOf(target);
  if (!props?.name) {
    throw new StillonError('MissingContainerName', pod.node.path, 'a sidecar needs a name', "pass e.g. { name: 'exporter', image: ... }");
  }
  return pod.addContainer(homeLabContainerProps(props, security, pod.node.path));
}

const LISTS = new WeakMap<kplus.Workload, Map<string, Set<string>>>();

/**
 * Adds `item` to a comma-separated, sorted annotation of the workload (not its pod template,
 * so that it never restarts pods), e.g. the out-of-band objects it reads.
 */
export function addToAnnotationList(pod: kplus.Workload, key: string, item: string): void {
  const lists = LISTS.get(pod) ?? new Map<string, Set<string>>();
  LISTS.set(pod, lists);
  const items = lists.get(key) ?? new Set<string>();
  lists.set(key, items.add(item));
  ApiObject.of(pod).metadata.addAnnotation(key, [...items].sort().join(','));
}

const HASHES = new WeakMap<kplus.Workload, Map<string, string>>();

/**
 * Records that the pod reads a ConfigMap whose content hashes to `hash`: the pod template's
 * config-hash annotation then changes with the content, and Kubernetes rolls the pods, as
 * kustomize's configMapGenerator does with a name suffix (without changing the name).
 */
export function rollOnChange(pod: kplus.Workload, name: string, hash: string): void {
  const hashes = HASHES.get(pod) ?? new Map<string, string>();
  if (!hashes.size) {
    AppChart.of(pod).recordConvention({
      convention: 'ConfigHash', object: `${ApiObject.of(pod).kind}/${ApiObject.of(pod).name}`, path: pod.node.path, change: `${ANNOTATIONS.configHash} on the pod template`,
    });
  }
  HASHES.set(pod, hashes.set(name, hash));
  const lines = [...hashes].sort(([a], [b]) => a.localeCompare(b)).map(([n, h]) => `${n}=${h}\n`).join('');
  pod.podMetadata.addAnnotation(ANNOTATIONS.configHash, createHash('sha256').update(lines).digest('hex').slice(0, 16));
}

/**
 * Records the conventions a workload construct applied that change a live object on adoption
 * (see ConventionName), as StandardApp does, so that synth lists them before Flux applies them.
 */
export function recordWorkloadConventions(scope: Construct, object: string, options: MainContainerOptions, container: kplus.Container): void {
  const app = AppChart.of(scope);
  const security = options.security ?? {};
  const record = (convention: Parameters<AppChart['recordConvention']>[0]['convention'], change: string) =>
    app.recordConvention({ convention, object, path: scope.node.path, change });
  record('StandardLabels', 'app.kubernetes.io/* labels on the object and its pods');
  record('PodSecurity', `runAsNonRoot: ${!security.runAsRoot}${options.fsGroup !== undefined ? `, fsGroup: ${options.fsGroup}` : ''}`);
  record('ContainerSecurity', `no privilege escalation, capabilities dropped${security.addCapabilities?.length ? ` (added: ${security.addCapabilities.join(', ')})` : ''}, RuntimeDefault seccomp${security.writableRootFilesystem ? '' : ', read-only root with /tmp'}`);
  record('PullPolicy', `imagePullPolicy: ${container.imagePullPolicy}`);
  if (!options.resources) record('ResourceRequests', 'the home-lab default requests');
  record('ServiceAccountToken', `automountServiceAccountToken: ${options.automountServiceAccountToken ?? options.apiAccess !== undefined}`);
}
