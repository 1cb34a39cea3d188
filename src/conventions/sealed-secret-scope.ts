/**
 * Sealed Secrets scopes: which names a sealed value may be unsealed under.
 * The scope is part of the RSA-OAEP label, so a strict value moved to another name or
 * namespace no longer decrypts.
 * @see https://github.com/bitnami-labs/sealed-secrets#scopes
 */
export enum SealingScope {
  /** Label `<namespace>/<name>`: only that name in that namespace (kubeseal's default). */
  STRICT = 'strict',
  /** Label `<namespace>`: any name within the namespace. */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Empty label: any name in any namespace. */
  CLUSTER_WIDE = 'cluster-wide',
}

export const SEALED_SECRETS_ANNOTATIONS = {
  namespaceWide: 'sealedsecrets.bitnami.com/namespace-wide',
  clusterWide: 'sealedsecrets.bitnami.com/cluster-wide',
} as const;

/** Reads the scope from a SealedSecret's annotations; both set is a conflict, reported as `undefined`. */
export function scopeFromAnnotations(annotations: Record<string, string> | undefined): SealingScope | undefined {
  const namespaceWide = annotations?.[SEALED_SECRETS_ANNOTATIONS.namespaceWide] === 'true';
  const clusterWide = annotations?.[SEALED_SECRETS_ANNOTATIONS.clusterWide] === 'true';
  if (namespaceWide && clusterWide) return undefined;
  if (clusterWide) return SealingScope.CLUSTER_WIDE;
  if (namespaceWide) return SealingScope.NAMESPACE_WIDE;
  return SealingScope.STRICT;
}

/** The annotations that declare a scope, as kubeseal writes them (none for strict). */
export function scopeAnnotations(scope: SealingScope): Record<string, string> {
  switch (scope) {
    case SealingScope.CLUSTER_WIDE: return { [SEALED_SECRETS_ANNOTATIONS.clusterWide]: 'true' };
    case SealingScope.NAMESPACE_WIDE: return { [SEALED_SECRETS_ANNOTATIONS.namespaceWide]: 'true' };
    default: return {};
  }
}

/** The OAEP label a value is sealed under in the given scope. */
export function scopeLabel(scope: SealingScope, namespace: string, name: string): Buffer {
  switch (scope) {
    case SealingScope.CLUSTER_WIDE: return Buffer.alloc(0);
    case SealingScope.NAMESPACE_WIDE: return Buffer.from(namespace);
    default: return Buffer.from(`${namespace}/${name}`);
  }
}
