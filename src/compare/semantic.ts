import { canonicalObject } from './canonical';
import { Tree, cmp } from './canonical-values';
import { Aspect, Comparison, DeliberateDifference, Difference, ExplainedDifference, KubeObject } from './difference';

/** Options of `compareObjects`. */
export interface CompareOptions {
  /**
   * Deliberate differences to recognise, each by name; a difference none of them explains is
   * unexplained. @default [] - every difference is unexplained
   */
  readonly deliberate?: readonly DeliberateDifference[];
  /**
   * Namespace of a namespaced object that has none, on either side (what a Flux
   * `targetNamespace` or a kustomization's `namespace:` fills in). @default - none
   */
  readonly namespace?: string;
}

/**
 * Kinds that live outside namespaces. The API server's scope decides; this list covers the
 * kinds a home-lab app ships (a namespace on them is reported as a difference of its own).
 */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'ClusterIssuer', 'PersistentVolume', 'StorageClass',
  'CustomResourceDefinition', 'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'RuntimeClass',
]);

/** kustomize's generator suffix: a dash and ten characters of its hash alphabet (no vowels). */
const GENERATED_SUFFIX = /-[bcdfghkmt2456789]{10}$/;
const GENERATED_KINDS = new Set(['ConfigMap', 'Secret']);

interface Entry {
  readonly object: KubeObject;
  readonly kind: string;
  readonly group: string;
  readonly namespace?: string;
  /** Name for matching: a generated name without its hash suffix. */
  readonly base: string;
}

/**
 * Compares two lists of Kubernetes objects by meaning (e.g. `kubectl kustomize` of a
 * hand-written app and of ours): objects matched by kind, namespace and name; each compared in
 * its canonical form (defaults filled, lists by key, quantities and durations normalised,
 * volume names and kustomize's generated name suffixes dissolved). Every difference is a record
 * naming the object, the aspect and the path; a deliberate difference that recognises it moves
 * it to `explained`. Pure: reads nothing, writes nothing.
 */
export function compareObjects(before: readonly KubeObject[], after: readonly KubeObject[], options: CompareOptions = {}): Comparison {
  const left = entries(before, options.namespace);
  const right = entries(after, options.namespace);
  const differences: Array<{ d: Difference; before?: KubeObject; after?: KubeObject }> = [];
  const leftByKey = new Map(left.map((e) => [keyOf(e), e]));
  const rightByKey = new Map(right.map((e) => [keyOf(e), e]));
  const leftContext = contextOf(left, options.namespace);
  const rightContext = contextOf(right, options.namespace);

  for (const key of [...new Set([...leftByKey.keys(), ...rightByKey.keys()])].sort(cmp)) {
    const l = leftByKey.get(key);
    const r = rightByKey.get(key);
    const id = (l ?? r)!;
    const base = { object: label(id), kind: id.kind, namespace: id.namespace, name: id.base };
    if (!l || !r) {
      differences.push({ d: { ...base, aspect: 'object', path: '', segments: [], change: l ? 'removed' : 'added', before: l && summary(l), after: r && summary(r) }, before: l?.object, after: r?.object });
      continue;
    }
    const pair = { before: l.object, after: r.object };
    const found: Difference[] = [];
    if (l.object.metadata?.name !== r.object.metadata?.name) {
      found.push({ ...base, aspect: 'name', path: 'metadata.name', segments: ['metadata', 'name'], change: 'changed', before: l.object.metadata?.name, after: r.object.metadata?.name });
    }
    for (const [entry, other] of [[l, 'before'], [r, 'after']] as const) {
      if (CLUSTER_SCOPED.has(entry.kind) && entry.object.metadata?.namespace !== undefined) {
        found.push({ ...base, aspect: 'namespace', path: 'metadata.namespace', segments: ['metadata', 'namespace'], change: other === 'before' ? 'removed' : 'added', [other]: entry.object.metadata.namespace });
      }
    }
    diffTrees(canonicalObject(l.object, leftContext(l)), canonicalObject(r.object, rightContext(r)), [], (segments, b, a) => {
      found.push({ ...base, aspect: aspectOf(segments), path: segments.join('.'), segments, change: b === undefined ? 'added' : a === undefined ? 'removed' : 'changed', before: b, after: a });
    });
    for (const d of found) differences.push({ d, ...pair });
  }

  const explained: ExplainedDifference[] = [];
  const unexplained: Difference[] = [];
  for (const { d, before: b, after: a } of differences) {
    const by = (options.deliberate ?? []).find((x) => x.explains(d, { before: b, after: a }));
    if (by) explained.push({ difference: d, by: by.name });
    else unexplained.push(d);
  }
  return { unexplained, explained, used: [...new Set(explained.map((e) => e.by))].sort(cmp) };
}

function entries(objects: readonly KubeObject[], namespace: string | undefined): Entry[] {
  const list = objects.filter((o) => o && typeof o === 'object' && o.kind).map((object) => {
    const kind = object.kind!;
    const apiVersion = object.apiVersion ?? '';
    return {
      object,
      kind,
      group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '',
      namespace: CLUSTER_SCOPED.has(kind) ? undefined : object.metadata?.namespace ?? namespace,
      base: object.metadata?.name ?? '',
    };
  });
  // A generated name matches the plain name (or the other generated one) of the same kind.
  return list.map((e) => (GENERATED_KINDS.has(e.kind) && GENERATED_SUFFIX.test(e.base) ? { ...e, base: e.base.replace(GENERATED_SUFFIX, '') } : e));
}

function keyOf(e: Entry): string {
  return `${e.group}|${e.kind}|${e.namespace ?? ''}|${e.base}`;
}

function label(e: Entry): string {
  return e.namespace ? `${e.kind}/${e.namespace}/${e.base}` : `${e.kind}/${e.base}`;
}

function summary(e: Entry): string {
  return `${e.object.apiVersion} ${label(e)}`;
}

/** What canonical forms of one side need to know about the other objects on that side. */
function contextOf(list: readonly Entry[], namespace: string | undefined) {
  const renames = new Map<string, string>();
  for (const e of list) if (e.base !== e.object.metadata?.name) renames.set(e.object.metadata!.name!, e.base);
  const pods = list.flatMap((e) => podTemplates(e.object).map((t) => ({ namespace: e.namespace, template: t })));
  return (self: Entry) => ({
    renames,
    namespace: self.namespace ?? namespace,
    containerPort: (selector: Record<string, string> | undefined, name: string) => {
      for (const { namespace: ns, template } of pods) {
        const labels = template?.metadata?.labels ?? {};
        if (ns !== self.namespace || !selector || !Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
        for (const c of [...template.spec?.containers ?? [], ...template.spec?.initContainers ?? []]) {
          const port = (c.ports ?? []).find((p: any) => p.name === name);
          if (port) return port.containerPort as number;
        }
      }
      return undefined;
    },
    servicePort: (service: string, name: string) => {
      const svc = list.find((e) => e.kind === 'Service' && e.namespace === self.namespace && e.base === service);
      return ((svc?.object as any)?.spec?.ports ?? []).find((p: any) => p.name === name)?.port as number | undefined;
    },
  });
}

function podTemplates(o: any): any[] {
  if (o.kind === 'CronJob') return [o.spec?.jobTemplate?.spec?.template];
  return o.spec?.template ? [o.spec.template] : [];
}

function diffTrees(b: unknown, a: unknown, at: string[], report: (segments: string[], before: unknown, after: unknown) => void): void {
  // Labels, annotations and mounts: one difference per key, also when the whole map is new or gone.
  const perKey = ['labels', 'annotations', 'mounts'].includes(at[at.length - 1]);
  if ((isTree(b) && isTree(a)) || (perKey && (isTree(b) || isTree(a)) && (b === undefined || a === undefined))) {
    b = b ?? {};
    a = a ?? {};
    const [l, r] = [b as Tree, a as Tree];
    for (const key of [...new Set([...Object.keys(l), ...Object.keys(r)])].sort(cmp)) diffTrees(l[key], r[key], [...at, key], report);
    return;
  }
  if (JSON.stringify(b) !== JSON.stringify(a)) report(at, b, a);
}

function isTree(x: unknown): x is Tree {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const CONTAINER_ASPECTS: Record<string, Aspect> = {
  image: 'image',
  imagePullPolicy: 'image',
  command: 'command',
  args: 'args',
  env: 'env',
  envFrom: 'envFrom',
  ports: 'ports',
  mounts: 'mounts',
  probes: 'probes',
  resources: 'resources',
  securityContext: 'securityContext',
};
const TOP_ASPECTS = new Set<Aspect>(['labels', 'annotations', 'finalizers', 'selector', 'strategy', 'replicas', 'workload', 'service', 'ingress', 'claim', 'rbac', 'flux', 'data']);

/** The aspect of a path in a canonical form. */
function aspectOf(segments: readonly string[]): Aspect {
  const [first, second, , fourth] = segments;
  if (first === 'job') return aspectOf(segments.slice(1));
  if (first === 'pod') {
    if (second === 'labels' || second === 'annotations') return second;
    if (second === 'containers' || second === 'initContainers') return fourth === undefined ? 'container' : CONTAINER_ASPECTS[fourth] ?? 'container';
    if (second === 'unmountedVolumes') return 'mounts';
    return segments[2] === 'securityContext' ? 'securityContext' : 'pod';
  }
  if (first === 'ingress' && second === 'tls') return 'tls';
  return TOP_ASPECTS.has(first as Aspect) ? first as Aspect : 'other';
}
