import { ANNOTATIONS, KINDS } from '../conventions';
import { bytes, cpuMillis } from './quantity';
import { isKind, podSpecOf } from '../policy/k8s-objects';

/** One rendered object and the file it goes to (what synth's RenderedObject provides). */
export interface InventoryObject {
  readonly path: string;
  readonly manifest: any;
}

/** One rendered app (what synth's RenderedApp provides): the inventory reads nothing else. */
export interface InventoryApp {
  readonly name: string;
  readonly namespace: string;
  /** Relative to the repository root, e.g. `apps/linkding.ts`. */
  readonly sourceFile: string;
  readonly objects: readonly InventoryObject[];
  /** The app's name, when `name` is one of its variants (`<app>-<env>`). @default - `name` */
  readonly appName?: string;
  /** The cluster this variant runs on. @default - none: the one-cluster layout */
  readonly cluster?: string;
  /** The environment of this variant. @default - none */
  readonly environment?: string;
}

export interface WorkloadFacts {
  readonly kind: string;
  readonly name: string;
  /** Pods it runs: `spec.replicas` (default 1); 1 for DaemonSets, Jobs and CronJobs. */
  readonly replicas: number;
  /** How to read `replicas` when it is not a plain count, e.g. `schedule 0 3 * * *`. */
  readonly replicasNote?: string;
  readonly images: string[];
  /** Requests of one pod: the larger of its containers' sum and its biggest init container. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  /** Containers that request no CPU or no memory (counted as zero), e.g. `backup (cpu, memory)`. */
  readonly unrequested: string[];
  readonly podLabels: Readonly<Record<string, string>>;
  /** Claims mounted through volumes, by claim name. */
  readonly claims: string[];
  /** Secrets read through env, envFrom or volumes, by name. */
  readonly secrets: string[];
  readonly description?: string;
}

export interface ServiceFacts {
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  /** `80→8080`, or `5432` when both sides agree. */
  readonly ports: string[];
}

export interface IngressFacts {
  readonly name: string;
  readonly urls: string[];
  readonly services: string[];
}

export interface ClaimFacts {
  readonly name: string;
  /** Requested storage as written, e.g. `1Gi`. */
  readonly size?: string;
  /** Bytes across all copies (a StatefulSet template counts once per replica). */
  readonly totalBytes: number;
  /** @default - the cluster's default class */
  readonly storageClass?: string;
  /** Set for a StatefulSet's volumeClaimTemplate: one claim per pod. */
  readonly perPodOf?: string;
}

export interface SealedSecretFacts {
  readonly name: string;
  /** Names of the keys in `encryptedData`, never their values. */
  readonly keys: string[];
}

export interface FluxFacts {
  /** The file of the Flux Kustomization, e.g. `apps/linkding.yaml`. */
  readonly file: string;
  readonly name: string;
  readonly interval?: string;
  readonly prune?: boolean;
  readonly wait?: boolean;
  readonly timeout?: string;
  readonly dependsOn: string[];
  /** `./kustomize/linkding` as written, and without the `./`. */
  readonly path?: string;
  readonly sourceRef?: { readonly kind: string; readonly name: string };
}

/** What the inventory says about one app, computed from its rendered objects only. */
export interface AppFacts {
  readonly name: string;
  /** The app's name, when `name` is a variant's (`<app>-<env>`). @default - `name` */
  readonly appName?: string;
  readonly cluster?: string;
  readonly environment?: string;
  readonly namespace: string;
  readonly sourceFile: string;
  readonly description?: string;
  readonly workloads: WorkloadFacts[];
  readonly services: ServiceFacts[];
  readonly ingresses: IngressFacts[];
  readonly claims: ClaimFacts[];
  readonly sealedSecrets: SealedSecretFacts[];
  readonly flux?: FluxFacts;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/** Reads an app's facts off its rendered manifests. */
export function appFacts(app: InventoryApp): AppFacts {
  const manifests = [...app.objects].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const workloads: WorkloadFacts[] = [];
  const services: ServiceFacts[] = [];
  const ingresses: IngressFacts[] = [];
  const claims: ClaimFacts[] = [];
  const sealedSecrets: SealedSecretFacts[] = [];
  let flux: FluxFacts | undefined;
  for (const { path, manifest } of manifests) {
    if (WORKLOAD_KINDS.includes(manifest?.kind) && podSpecOf(manifest)) {
      workloads.push(workloadFacts(manifest));
      claims.push(...claimTemplates(manifest));
    } else if (isKind(manifest, 'Service', '')) {
      services.push(serviceFacts(manifest));
    } else if (isKind(manifest, KINDS.ingress, 'networking.k8s.io')) {
      ingresses.push(ingressFacts(manifest));
    } else if (isKind(manifest, KINDS.pvc, '')) {
      const size = manifest.spec?.resources?.requests?.storage;
      claims.push({ name: manifest.metadata?.name, size, totalBytes: bytes(size) ?? 0, storageClass: manifest.spec?.storageClassName });
    } else if (isKind(manifest, KINDS.sealedSecret, 'bitnami.com')) {
      // Key names only: the ciphertext never reaches the inventory.
      sealedSecrets.push({ name: manifest.metadata?.name, keys: Object.keys(manifest.spec?.encryptedData ?? {}).sort() });
    } else if (isKind(manifest, KINDS.fluxKustomization, 'kustomize.toolkit.fluxcd.io')) {
      flux = fluxFacts(path, manifest);
    }
  }
  workloads.sort(byName);
  const main = workloads.find((w) => w.name === app.name) ?? workloads.find((w) => w.description);
  return {
    name: app.name,
    ...app.appName === undefined || app.appName === app.name ? {} : { appName: app.appName },
    ...app.cluster === undefined ? {} : { cluster: app.cluster },
    ...app.environment === undefined ? {} : { environment: app.environment },
    namespace: app.namespace,
    sourceFile: app.sourceFile,
    description: main?.description ?? workloads.find((w) => w.description)?.description,
    workloads,
    services: services.sort(byName),
    ingresses: ingresses.sort(byName),
    claims: claims.sort(byName),
    sealedSecrets: sealedSecrets.sort(byName),
    flux,
  };
}

function workloadFacts(manifest: any): WorkloadFacts {
  const kind: string = manifest.kind;
  const pod = podSpecOf(manifest);
  const containers: any[] = pod.containers ?? [];
  const inits: any[] = pod.initContainers ?? [];
  const missing = new Map<string, string[]>();
  const request = (list: any[], resource: 'cpu' | 'memory', parse: (v: unknown) => number | undefined, note: boolean) =>
    list.map((c) => {
      const value = parse(c.resources?.requests?.[resource]);
      if (value === undefined && note) missing.set(c.name, [...missing.get(c.name) ?? [], resource]);
      return value ?? 0;
    });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  // A pod's effective request: its containers together, or its largest init container if larger.
  const effective = (resource: 'cpu' | 'memory', parse: (v: unknown) => number | undefined) =>
    Math.max(sum(request(containers, resource, parse, true)), ...request(inits, resource, parse, false));
  const limits = sum(containers.map((c) => bytes(c.resources?.limits?.memory) ?? 0));

  const claims: string[] = [];
  const secrets: string[] = [];
  for (const volume of pod.volumes ?? []) {
    if (volume.persistentVolumeClaim?.claimName) claims.push(volume.persistentVolumeClaim.claimName);
    if (volume.secret?.secretName) secrets.push(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) if (source.secret?.name) secrets.push(source.secret.name);
  }
  for (const c of [...inits, ...containers]) {
    for (const env of c.env ?? []) if (env.valueFrom?.secretKeyRef?.name) secrets.push(env.valueFrom.secretKeyRef.name);
    for (const from of c.envFrom ?? []) if (from.secretRef?.name) secrets.push(from.secretRef.name);
  }
  for (const template of manifest.spec?.volumeClaimTemplates ?? []) {
    if (template.metadata?.name) claims.push(`${template.metadata.name}-${manifest.metadata?.name}-*`);
  }

  const { replicas, note } = replicasOf(manifest);
  return {
    kind,
    name: manifest.metadata?.name,
    replicas,
    replicasNote: note,
    images: [...inits, ...containers].map((c) => c.image).filter((i) => typeof i === 'string'),
    cpuMillis: effective('cpu', cpuMillis),
    memoryBytes: effective('memory', bytes),
    unrequested: [...missing].map(([container, resources]) => `${container} (${resources.join(', ')})`),
    memoryLimitBytes: limits,
    podLabels: podTemplateLabels(manifest),
    claims: sortedUnique(claims),
    secrets: sortedUnique(secrets),
    description: manifest.metadata?.annotations?.[ANNOTATIONS.description],
  };
}

function replicasOf(manifest: any): { replicas: number; note?: string } {
  switch (manifest.kind) {
    case 'DaemonSet': return { replicas: 1, note: 'one per node' };
    case 'CronJob': return { replicas: 1, note: `schedule ${manifest.spec?.schedule}` };
    case 'Job': return { replicas: 1, note: 'run to completion' };
    case 'Pod': return { replicas: 1 };
    default: return { replicas: typeof manifest.spec?.replicas === 'number' ? manifest.spec.replicas : 1 };
  }
}

function podTemplateLabels(manifest: any): Record<string, string> {
  if (manifest.kind === 'Pod') return manifest.metadata?.labels ?? {};
  if (manifest.kind === 'CronJob') return manifest.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return manifest.spec?.template?.metadata?.labels ?? {};
}

/** A StatefulSet's volumeClaimTemplates: one claim per replica, named `<template>-<set>-<ordinal>`. */
function claimTemplates(manifest: any): ClaimFacts[] {
  if (manifest.kind !== 'StatefulSet') return [];
  const replicas = replicasOf(manifest).replicas;
  return (manifest.spec?.volumeClaimTemplates ?? []).map((t: any) => {
    const size = t.spec?.resources?.requests?.storage;
    return {
      name: `${t.metadata?.name}-${manifest.metadata?.name}-*`,
      size,
      totalBytes: (bytes(size) ?? 0) * replicas,
      storageClass: t.spec?.storageClassName,
      perPodOf: `StatefulSet ${manifest.metadata?.name}`,
    };
  });
}

function serviceFacts(manifest: any): ServiceFacts {
  return {
    name: manifest.metadata?.name,
    selector: manifest.spec?.selector ?? {},
    ports: (manifest.spec?.ports ?? []).map((p: any) => {
      const target = p.targetPort ?? p.port;
      const protocol = p.protocol && p.protocol !== 'TCP' ? `/${p.protocol}` : '';
      return `${String(target) === String(p.port) ? p.port : `${p.port}→${target}`}${protocol}`;
    }),
  };
}

function ingressFacts(manifest: any): IngressFacts {
  const urls: string[] = [];
  const services: string[] = [];
  const tlsHosts = new Set<string>((manifest.spec?.tls ?? []).flatMap((t: any) => t.hosts ?? []));
  for (const rule of manifest.spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      if (rule.host) urls.push(`${tlsHosts.has(rule.host) ? 'https' : 'http'}://${rule.host}${p.path && p.path !== '/' ? p.path : ''}`);
      if (p.backend?.service?.name) services.push(p.backend.service.name);
    }
  }
  const fallback = manifest.spec?.defaultBackend?.service?.name;
  if (fallback) services.push(fallback);
  return { name: manifest.metadata?.name, urls: sortedUnique(urls), services: sortedUnique(services) };
}

function fluxFacts(file: string, manifest: any): FluxFacts {
  const spec = manifest.spec ?? {};
  return {
    file,
    name: manifest.metadata?.name,
    interval: spec.interval,
    prune: spec.prune,
    wait: spec.wait,
    timeout: spec.timeout,
    dependsOn: (spec.dependsOn ?? []).map((d: any) => (d.namespace ? `${d.namespace}/${d.name}` : d.name)).sort(),
    path: typeof spec.path === 'string' ? spec.path.replace(/^\.\//, '').replace(/\/$/, '') : undefined,
    sourceRef: spec.sourceRef ? { kind: spec.sourceRef.kind, name: spec.sourceRef.name } : undefined,
  };
}

/** Whether a Service's selector picks a workload's pods. */
export function selects(service: ServiceFacts, workload: WorkloadFacts): boolean {
  const entries = Object.entries(service.selector);
  return entries.length > 0 && entries.every(([k, v]) => workload.podLabels[k] === v);
}
