/**
 * A convention the library applies that changes a live object when an existing workload is
 * adopted: Flux would apply it on the first reconcile, so synth lists it before that happens.
 * - `StandardLabels`: the `app.kubernetes.io/*` labels added to an object and its pods.
 * - `RecreateStrategy`: `strategy: Recreate` on a Deployment that mounts a ReadWriteOnce claim.
 * - `PodSecurity`: the pod security context (`runAsNonRoot`, `fsGroup`).
 * - `ContainerSecurity`: the container security context (no privilege escalation, capabilities
 *   dropped, RuntimeDefault seccomp, read-only root with an emptyDir at /tmp).
 * - `PullPolicy`: `imagePullPolicy` chosen from the tag (Always for floating, IfNotPresent for pinned).
 * - `ResourceRequests`: the small default requests (50m CPU, 64Mi memory) where none were given.
 * - `PvcProtection`: the pvc-protection finalizer and Flux's `prune: disabled` on a claim.
 * - `ServiceAccountToken`: `automountServiceAccountToken` set (off unless the app uses the API).
 * - `ConfigHash`: `stillon.top/config-hash` on a pod template that reads an AppConfigMap (restarts the pods once).
 * - `ClaimRetention`: `persistentVolumeClaimRetentionPolicy: Retain` on a StatefulSet.
 */
export type ConventionName =
  | 'StandardLabels'
  | 'RecreateStrategy'
  | 'PodSecurity'
  | 'ContainerSecurity'
  | 'PullPolicy'
  | 'ResourceRequests'
  | 'PvcProtection'
  | 'ServiceAccountToken'
  | 'ConfigHash'
  | 'ClaimRetention';

/** One convention applied to one object, as `AppChart.conventionsApplied()` lists it. */
export interface AppliedConvention {
  /** Which convention, e.g. `RecreateStrategy`. */
  readonly convention: ConventionName;
  /** The object it changes, as `Kind/name`, e.g. `Deployment/linkding`. */
  readonly object: string;
  /** The construct path that applied it, e.g. `linkding/linkding`. */
  readonly path: string;
  /** What lands in the YAML, in a few words, e.g. `spec.strategy.type: Recreate`. */
  readonly change: string;
}

/** Sorted by object, then convention: the order synth prints them in, the same on every run. */
export function sortConventions(list: readonly AppliedConvention[]): AppliedConvention[] {
  return [...list].sort((a, b) => a.object.localeCompare(b.object, 'en') || a.convention.localeCompare(b.convention, 'en') || a.change.localeCompare(b.change, 'en'));
}
