/**
 * Which kinds are cluster-scoped, by API group, as the API server's discovery says (`scope:
 * Cluster` in `kubectl api-resources --namespaced=false` of Kubernetes 1.28, and `spec.scope` of
 * the CRDs in imports/crds). A cluster-scoped object must not carry `metadata.namespace`. The
 * tests hold this table against the 1.28 definitions, against kustomize's own scope knowledge
 * (`kubectl kustomize` with a namespace) and against every CRD file, so a kind added there and
 * missed here fails them. A kind of no group here (a CRD we do not know) counts as namespaced,
 * as most CRDs are: import its CRD into imports/crds and add its kind here.
 */
const CLUSTER_SCOPED: Readonly<Record<string, readonly string[]>> = {
  '': ['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'authentication.k8s.io': ['SelfSubjectReview', 'TokenReview'],
  'authorization.k8s.io': ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'networking.k8s.io': ['ClusterCIDR', 'IPAddress', 'IngressClass'],
  'node.k8s.io': ['RuntimeClass'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'resource.k8s.io': ['ResourceClass'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
  // CRDs in imports/crds with `scope: Cluster`.
  'cert-manager.io': ['ClusterIssuer'],
};

/** The API group of an apiVersion: `rbac.authorization.k8s.io/v1` → `rbac.authorization.k8s.io`, `v1` → ''. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Whether objects of this apiVersion and kind live outside namespaces (ClusterRole, IngressClass, ClusterIssuer). */
export function isClusterScoped(apiVersion: string | undefined, kind: string | undefined): boolean {
  if (!apiVersion || !kind) return false;
  const group = apiGroupOf(apiVersion);
  return CLUSTER_SCOPED[group]?.includes(kind) ?? false;
}

/** Every built-in cluster-scoped kind, as `group/Kind` (`/Namespace` for the core group); for tests and reports. */
export function clusterScopedKinds(): string[] {
  return Object.entries(CLUSTER_SCOPED).flatMap(([group, kinds]) => kinds.map((kind) => `${group}/${kind}`)).sort();
}
