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

/** Who runs the rules: synth on its own output, or check on any repository. */
export type PolicyMode = 'synth' | 'check';

/** What `stillon check` built for one app: the rules about builds read these. */
export interface BuildInfo {
  /** The app the build belongs to (the Flux Kustomization's name, or the kustomization folder). */
  readonly app: string;
  /** The folder built, relative to the repository root, with `/`. */
  readonly path: string;
  /** The Flux Kustomization that asks for this build; absent for a kustomization.yaml found on its own. */
  readonly flux?: PolicyObject;
  /** What the finding about a failed build is attached to: the Flux Kustomization, or the kustomization.yaml. */
  readonly owner: PolicyObject;
  /** Whether the folder exists. */
  readonly exists: boolean;
  /** Why the build failed, when it did. */
  readonly error?: BuildError;
  /** What the build produced (empty when it failed). */
  readonly objects: readonly PolicyObject[];
}

export interface BuildError {
  /** `yaml`: a file does not parse; `build`: kubectl kustomize failed. */
  readonly kind: 'yaml' | 'build';
  readonly message: string;
  /** `file:line` of the cause, when known. */
  readonly where?: string;
}

export interface PolicyContext {
  readonly conventions: Conventions;
  /** @default 'synth' */
  readonly mode?: PolicyMode;
  /** Builds of a check run. @default - none (synth) */
  readonly builds?: readonly BuildInfo[];
}

/** A rule's verdict on one object; code and severity come from the rule. */
export interface Finding {
  readonly object: PolicyObject;
  readonly message: string;
  /** A fix specific to this finding. @default - the rule's fix */
  readonly fix?: string;
  /** Where, when not where the object came from (e.g. the line of a YAML error). @default - the object's source */
  readonly path?: string;
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
  /**
   * `check`: only on hand-written repositories, where the typed constructs did not already decide
   * (e.g. a subdomain override is explicit in apps/*.ts). @default 'all'
   */
  readonly scope?: 'all' | 'check';
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
