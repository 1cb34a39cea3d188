import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, LABELS, explainDns1123Label, isDns1123Label } from '../conventions';
import { AppChart } from './app-chart';
import { IPodWorkload, MAIN_CONTAINER_NAMES, MAIN_CONTAINER_NESTED, MainContainerOptions, POD_PLACEMENT, PodPlacement, addMainContainer, placePod, placementOf, podIdentityProps, recordWorkloadConventions } from './pod-options';
import { HealthProbe } from './probe';
import { parseSize } from '../conventions/size';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** One claim per pod, made by the StatefulSet controller from a template. */
export interface ClaimTemplate {
  /** Requested storage, e.g. `'10Gi'`. */
  readonly size: string | Size;
  /** Where the main container mounts it. */
  readonly mountPath: string;
  /** Mount only this folder of the volume (postgres wants an empty data folder: `pgdata`). @default - omitted: the whole volume */
  readonly subPath?: string;
  /** StorageClass the claims bind to. @default - omitted: the cluster default (local-path on k3s) */
  readonly storageClassName?: string;
  /**
   * Labels of the template. None by default: templates are immutable on a live StatefulSet, so
   * adopting one needs exactly its labels, and the claims are found through the StatefulSet anyway.
   * @default - omitted
   */
  readonly labels?: Record<string, string>;
}

export interface StatefulAppProps extends MainContainerOptions, PodPlacement {
  /** Name of the StatefulSet (and of its pods, `<name>-0`...). @default - the construct id */
  readonly name?: string;
  /** @default 1 */
  readonly replicas?: number;
  /**
   * Container ports by name, e.g. `{ postgres: 5432 }`; the headless Service serves the same.
   * Required: cdk8s-plus cannot render a Service without a port. Names are IANA service names
   * (lower-case, at most 15 characters).
   */
  readonly ports: Record<string, number>;
  /** Name of the headless Service (`spec.serviceName`; pods resolve as `<pod>.<service>`). @default - the name */
  readonly serviceName?: string;
  /**
   * Claim templates by name; each claim is `<template>-<name>-<ordinal>`, e.g. `data-db-0`.
   * Templates are immutable on a live StatefulSet: to adopt one, copy its templates exactly.
   * @default {} - no claims
   */
  readonly claimTemplates?: Record<string, ClaimTemplate>;
  /** `app.kubernetes.io/component` label. @default 'database' */
  readonly component?: string;
  /**
   * Pod selector of the StatefulSet and Service; immutable in the cluster, so to adopt an
   * existing StatefulSet pass exactly its selector.
   * @default - `app.kubernetes.io/name: <name>` and `app.kubernetes.io/instance: <app>`
   */
  readonly selector?: Record<string, string>;
  /** An HTTP or TCP probe without a port probes the first of `ports`. @default - no readiness probe */
  readonly readiness?: HealthProbe;
  /** @default - no liveness probe */
  readonly liveness?: HealthProbe;
  /** @default - no startup probe */
  readonly startup?: HealthProbe;
  /** One line on what it is; rendered as an annotation. @default - the app's description */
  readonly description?: string;
}

const CLAIM_TEMPLATE = propSchema<ClaimTemplate>({ size: true, mountPath: true, subPath: true, storageClassName: true, labels: true });
const STATEFUL_APP_PROPS = propSchema<StatefulAppProps>({
  ...MAIN_CONTAINER_NAMES,
  ...POD_PLACEMENT.names,
  name: true,
  replicas: true,
  ports: true,
  serviceName: true,
  claimTemplates: true,
  component: true,
  selector: true,
  readiness: true,
  liveness: true,
  startup: true,
  description: true,
}, MAIN_CONTAINER_NESTED);

/**
 * A StatefulSet with its headless Service and claim templates, for databases and other apps
 * that keep state per pod. Its claims are protected the way that is right for templates:
 * `persistentVolumeClaimRetentionPolicy` is always `Retain` on deletion and scale-down (there is
 * no prop to change it), and the templates carry no finalizer or Flux annotation, because
 * templates are immutable on a live StatefulSet and their claims are never pruned by Flux.
 *
 * @example
 * const db = new StatefulApp(app, 'db', {
 *   image: 'postgres:16.4', ports: { postgres: 5432 }, security: { runAsRoot: true },
 *   claimTemplates: { data: { size: '10Gi', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' } },
 *   env: { POSTGRES_PASSWORD: creds.key('password') },
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulApp extends Construct implements IPodWorkload {
  public readonly name: string;
  public readonly statefulSet: kplus.StatefulSet;
  /** The headless Service (`clusterIP: None`). */
  public readonly service: kplus.Service;
  public readonly container: kplus.Container;
  /** Labels on the pods; the selector is a subset of them. */
  public readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: StatefulAppProps) {
    super(scope, id);
    checkProps(props, STATEFUL_APP_PROPS, this.node.path);
    for (const template of Object.values(props.claimTemplates ?? {})) checkProps(template, CLAIM_TEMPLATE, this.node.path, 'claimTemplates.<name>.');
    const app = AppChart.of(this);
    this.name = props.name ?? id;
    const serviceName = props.serviceName ?? this.name;
    for (const [what, value] of [['name', this.name], ['serviceName', serviceName], ...Object.keys(props.claimTemplates ?? {}).map((t) => ['claim template', t])]) {
      if (!isDns1123Label(value)) throw new StillonError('InvalidName', this.node.path, `${what} ${explainDns1123Label(value)}`, `pass a lower-case ${what}`);
    }
    const ports = Object.entries(props.ports ?? {});
    if (!ports.length) {
      throw new StillonError('MissingPort', this.node.path, 'a StatefulApp needs at least one port for its headless Service', 'pass e.g. { ports: { postgres: 5432 } }');
    }
    for (const [portName, port] of ports) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new StillonError('InvalidPort', this.node.path, `port ${portName} must be a whole number from 1 to 65535, got ${port}`, 'pass e.g. { ports: { postgres: 5432 } }');
      }
      if (portName.length > 15 || !isDns1123Label(portName) || !/[a-z]/.test(portName)) {
        throw new StillonError('InvalidPort', this.node.path, `port name '${portName}' is not an IANA service name (lower-case letters, digits and '-', at most 15 characters)`,
          'pass e.g. { ports: { http: 8080 } }');
      }
    }
    const selector = props.selector ?? { [LABELS.name]: this.name, [LABELS.instance]: app.instanceName };
    this.labels = { [LABELS.name]: this.name, [LABELS.component]: props.component ?? 'database', ...selector };
    const description = props.description ?? app.description;

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: serviceName, labels: this.labels },
      clusterIP: 'None',
      ports: Object.entries(props.ports ?? {}).map(([name, port]) => ({ name, port, targetPort: port })),
    });
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);

    this.statefulSet = new kplus.StatefulSet(this, 'StatefulSet', {
      metadata: { name: this.name, labels: this.labels, annotations: description ? { [ANNOTATIONS.description]: description } : undefined },
      replicas: props.replicas ?? 1,
      service: this.service,
      // Selectors are immutable: never let cdk8s-plus derive one from the construct path.
      select: false,
      ...podIdentityProps(this, props),
    });
    this.statefulSet.select(kplus.LabelSelector.of({ labels: selector }));
    for (const [key, value] of Object.entries(this.labels)) this.statefulSet.podMetadata.addLabel(key, value);
    const object = ApiObject.of(this.statefulSet);
    object.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    // cdk8s-plus's StatefulSet makes its Service select the pods by that same path label too.
    ApiObject.of(this.service).addJsonPatch(JsonPatch.remove('/spec/selector/cdk8s.io~1metadata.addr'));

    // Template mounts first: their placeholder volumes are then the first pod volumes (see below).
    const templates = Object.entries(props.claimTemplates ?? {});
    const firstPort = ports[0][1];
    const placeholders = templates.map(([name]) => kplus.Volume.fromEmptyDir(this, `claim-${name}`, name));
    this.container = addMainContainer(this, this.statefulSet, this.name, props, {
      ports: Object.entries(props.ports ?? {}).map(([name, number]) => ({ name, number })),
      readiness: props.readiness?.toProbe(firstPort, this.node.path),
      liveness: props.liveness?.toProbe(firstPort, this.node.path),
      startup: props.startup?.toProbe(firstPort, this.node.path),
      volumeMounts: templates.map(([, t], i) => ({ path: t.mountPath, volume: placeholders[i], subPath: t.subPath })),
    });
    placePod(this, placementOf(props), this.node.path);
    recordWorkloadConventions(this, `StatefulSet/${this.name}`, props, this.container);
    AppChart.of(this).recordConvention({ convention: 'ClaimRetention', object: `StatefulSet/${this.name}`, path: this.node.path, change: 'persistentVolumeClaimRetentionPolicy: Retain on deletion and scale-down' });

    if (templates.length) {
      object.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', templates.map(([name, t]) => ({
        metadata: { name, labels: t.labels && { ...t.labels } },
        spec: {
          accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(parseSize(t.size, this.node.path).asString()) } },
          storageClassName: t.storageClassName,
        },
      }))));
      // A claim mount in the pod template names the template; the placeholder emptyDir volumes
      // that cdk8s-plus added for the mounts are taken out again.
      const names = new Set(templates.map(([name]) => name));
      const render = object.toJson.bind(object);
      object.toJson = () => withoutVolumes(render(), names);
    }
    // Data protection has no off switch: Retain, whatever the API's default becomes.
    object.addJsonPatch(JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }));
  }

  /** The StatefulSet, for the helpers that take any workload (placePod, AppConfigMap.mount...). */
  public get pod(): kplus.Workload {
    return this.statefulSet;
  }
}

function withoutVolumes(manifest: any, names: ReadonlySet<string>): any {
  const spec = manifest?.spec?.template?.spec;
  if (!spec?.volumes) return manifest;
  const volumes = spec.volumes.filter((v: any) => !(names.has(v.name) && v.emptyDir));
  const { volumes: _dropped, ...rest } = spec;
  return { ...manifest, spec: { ...manifest.spec, template: { ...manifest.spec.template, spec: volumes.length ? { ...rest, volumes } : rest } } };
}
