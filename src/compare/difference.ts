/** A Kubernetes object as `kubectl kustomize` prints it (parsed YAML). */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * What a difference is about, so that a reader (and a deliberate difference's predicate) can
 * tell a changed image from a changed label without parsing the path.
 */
export type Aspect =
  | 'object' | 'name' | 'namespace' | 'labels' | 'annotations' | 'finalizers'
  | 'image' | 'command' | 'args' | 'env' | 'envFrom' | 'ports' | 'mounts' | 'probes' | 'resources'
  | 'securityContext' | 'pod' | 'container' | 'selector' | 'strategy' | 'replicas' | 'workload'
  | 'service' | 'ingress' | 'tls' | 'claim' | 'rbac' | 'flux' | 'data' | 'other';

/** One difference in meaning between the object before (the original) and after (ours). */
export interface Difference {
  /** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped kind. */
  readonly object: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly aspect: Aspect;
  /** Where in the object's canonical form, e.g. `pod.containers.gitea.env.GITEA__server__ROOT_URL`. */
  readonly path: string;
  /** The same path as segments, for predicates. */
  readonly segments: readonly string[];
  /** `added`: only after has it; `removed`: only before has it; `changed`: both, different. */
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The two whole objects a difference was found in, for predicates that need more context. */
export interface DifferenceContext {
  readonly before?: KubeObject;
  readonly after?: KubeObject;
}

/**
 * A difference made on purpose (a convention of ours), recognised by a predicate. Whatever no
 * deliberate difference recognises is unexplained: the two sides do not mean the same.
 */
export interface DeliberateDifference {
  /** A stable name the caller lists, e.g. `PvcProtection`. */
  readonly name: string;
  /** Why the difference is made, one line. */
  readonly reason: string;
  /** Whether this convention explains the difference. */
  readonly explains: (difference: Difference, context: DifferenceContext) => boolean;
}

/** A difference and the deliberate difference that explains it. */
export interface ExplainedDifference {
  readonly difference: Difference;
  readonly by: string;
}

export interface Comparison {
  /** Differences no deliberate difference recognised, sorted by object and path. */
  readonly unexplained: Difference[];
  /** Differences recognised, with the name of the convention that did. */
  readonly explained: ExplainedDifference[];
  /** The names of the deliberate differences that explained at least one difference, sorted. */
  readonly used: string[];
}

/** A difference as one line: `Deployment/gitea/gitea pod.containers.gitea.image: 'gitea:1.21' → 'gitea:1.22'`. */
export function formatDifference(d: Difference): string {
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
  return `${d.object} ${d.path || '(object)'} [${d.aspect}] ${d.change}: ${show(d.before)} → ${show(d.after)}`;
}
