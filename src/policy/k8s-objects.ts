/** Helpers to reach inside workloads, shared by the rules. */

/** The pod spec of any workload kind, or undefined for other objects. */
export function podSpecOf(manifest: any): any | undefined {
  switch (manifest?.kind) {
    case 'Pod': return manifest.spec;
    case 'CronJob': return manifest.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return manifest.spec?.template?.spec;
    default: return undefined;
  }
}

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(podSpec: any): any[] {
  if (!podSpec) return [];
  return [...podSpec.initContainers ?? [], ...podSpec.containers ?? [], ...podSpec.ephemeralContainers ?? []];
}

/** Every container of every workload among `objects`, with the object it belongs to. */
export function* workloadContainers<T extends { readonly manifest: any }>(objects: readonly T[]): Generator<{ object: T; container: any }> {
  for (const object of objects) {
    for (const container of containersOf(podSpecOf(object.manifest))) yield { object, container };
  }
}

export function isKind(manifest: any, kind: string, group?: string): boolean {
  if (manifest?.kind !== kind) return false;
  if (group === undefined) return true;
  const apiVersion = String(manifest.apiVersion ?? '');
  return group === '' ? !apiVersion.includes('/') : apiVersion.startsWith(`${group}/`);
}

/**
 * An object and, for a `List` (any kind ending in `List` with `items`, as kustomize reads it),
 * every item instead, recursively: kustomize expands Lists into their items before applying, so
 * a rule that looked only at the List would let a plain Secret or an unprotected claim through.
 */
export function expandLists(manifest: any): any[] {
  if (typeof manifest?.kind === 'string' && manifest.kind.endsWith('List') && Array.isArray(manifest.items)) {
    return manifest.items.flatMap(expandLists);
  }
  return [manifest];
}
