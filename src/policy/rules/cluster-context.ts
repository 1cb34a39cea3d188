import { PolicyContext, PolicyObject } from '../rule';

/** One cluster a check run judges, as the rules about clusters see it. */
export interface PolicyCluster {
  readonly name: string;
  /** Its Flux root, relative to the repository root. */
  readonly root: string;
  /** Its controller's sealing certificate, when the repository holds it. @default - unknown */
  readonly certificate?: { readonly file: string; readonly fingerprint: string };
  /** The other clusters' certificates, to say whose a foreign SealedSecret is. @default [] */
  readonly others?: ReadonlyArray<{ readonly name: string; readonly fingerprint: string }>;
}

/**
 * What `stillon check` passes to the rules on a repository that feeds several clusters: each
 * cluster is judged on its own (`cluster` set), and the repository once for what no root reaches.
 */
export interface ClusterPolicyContext extends PolicyContext {
  /** The cluster whose objects and builds these are. @default - none: one cluster, or the repository pass */
  readonly cluster?: PolicyCluster;
  /** Flux Kustomizations of files no cluster root reaches, one per file (repository pass only). @default [] */
  readonly unreachable?: ReadonlyArray<{ readonly object: PolicyObject; readonly names: readonly string[] }>;
  /** The roots found, for messages. @default [] */
  readonly roots?: readonly string[];
}

/** A fingerprint as compared: hex digits only, upper case (`sha256 Fingerprint=ab:cd` and `AB:CD` are one). */
export function normalizeFingerprint(value: string): string {
  return value.replace(/^[^=]*=/, '').replace(/[^0-9a-f]/gi, '').toUpperCase();
}
