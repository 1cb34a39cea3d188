/** Label keys of the recommended label scheme. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** The value of `app.kubernetes.io/managed-by` on everything we render. */
export const MANAGED_BY = 'stillon-gitops';

export const ANNOTATIONS = {
  /** Free-text description of an app or object. */
  description: 'stillon.top/description',
  /** Flux never deletes an object with this annotation set to `disabled`, even when it leaves Git. */
  fluxPrune: 'kustomize.toolkit.fluxcd.io/prune',
  /** Flux skips `${VAR}` substitution on an object with this annotation set to `disabled`. */
  fluxSubstitute: 'kustomize.toolkit.fluxcd.io/substitute',
  /** Marks an Ingress whose host outside the domain was explicitly allowed. */
  allowForeignHost: 'stillon.top/allow-foreign-host',
  certManagerClusterIssuer: 'cert-manager.io/cluster-issuer',
  /** On a pod template: a hash of the ConfigMaps it reads, so that a changed ConfigMap rolls the pods. */
  configHash: 'stillon.top/config-hash',
  /** On a workload: the Secrets and ConfigMaps it reads that exist in the cluster without being in Git (`Secret/name,...`). */
  providedOutOfBand: 'stillon.top/provided-out-of-band',
  /**
   * On a SealedSecret written by `stillon seal`: the SHA-256 fingerprint of the certificate it was
   * sealed with, as `openssl x509 -fingerprint -sha256` prints it (`AB:CD:...`). It tells which
   * cluster's controller can open it.
   */
  sealingCertificate: 'stillon.top/sealing-certificate',
  /** Deprecated way to pick an ingress class; `spec.ingressClassName` replaces it. */
  deprecatedIngressClass: 'kubernetes.io/ingress.class',
} as const;

/** The finalizer that keeps a bound claim (and its volume) while a pod uses it. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';

/** Kinds we refer to by name; apiVersion/kind of CRDs come from the generated classes' GVK. */
export const KINDS = {
  namespace: 'Namespace',
  secret: 'Secret',
  pvc: 'PersistentVolumeClaim',
  ingress: 'Ingress',
  sealedSecret: 'SealedSecret',
  fluxKustomization: 'Kustomization',
} as const;

/** apiVersion of kustomize's own `kustomization.yaml`. */
export const KUSTOMIZE_CONFIG_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
