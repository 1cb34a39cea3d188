import { Conventions } from '../conventions';
import { ObjectRef, Severity } from './violation';

/** One rendered or hand-written object, as the rules see it. */
export interface PolicyObject {
  /** The app it belongs to (synth: the app name; check: the Flux Kustomization or folder). */
  readonly app: string;
  /** Where it came from: a construct path, or `file:line` for hand-written YAML. */
  readonly source: string;
  /** The object as Kubernetes would receive it. */
  readonly manifest: any;
  /** Whether Flux applies it (false for `namespaces/`, which a person applies). */
  readonly fluxManaged: boolean;
}

export interface PolicyContext {
  readonly conventions: Conventions;
}

/** A rule's verdict on one object; code and severity come from the rule. */
export interface Finding {
  readonly object: PolicyObject;
  readonly message: string;
  /** A fix specific to this finding. @default - the rule's fix */
  readonly fix?: string;
}

/**
 * A rule of the cluster: a pure function over objects, shared by synth (on its output) and
 * check (on any repository).
 */
export interface Rule {
  /** Stable identifier, e.g. `PvcNotProtected`. */
  readonly code: string;
  readonly severity: Severity;
  /** One line on why the rule exists. */
  readonly rationale: string;
  /** What to do when it fires. */
  readonly fix: string;
  check(objects: readonly PolicyObject[], context: PolicyContext): Finding[];
}

/** The object a PolicyObject is, for messages. */
export function refOf(o: PolicyObject): ObjectRef {
  const m = o.manifest ?? {};
  return { apiVersion: m.apiVersion, kind: m.kind, namespace: m.metadata?.namespace, name: m.metadata?.name };
}

/** `Kind/name` for messages. */
export function describe(o: PolicyObject): string {
  return `${o.manifest?.kind}/${o.manifest?.metadata?.name}`;
}
