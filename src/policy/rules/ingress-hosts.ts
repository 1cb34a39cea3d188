import { isKind } from '../k8s-objects';
import { PolicyObject } from '../rule';

/** The hosts an Ingress routes, from its rules. */
export function ingressHosts(manifest: any): string[] {
  return (manifest?.spec?.rules ?? []).map((rule: any) => rule?.host).filter((h: unknown): h is string => typeof h === 'string');
}

/** Every (Ingress, host) pair among the objects. */
export function ingressHostPairs(objects: readonly PolicyObject[]): Array<{ object: PolicyObject; host: string }> {
  return objects
    .filter((o) => isKind(o.manifest, 'Ingress', 'networking.k8s.io'))
    .flatMap((object) => ingressHosts(object.manifest).map((host) => ({ object, host })));
}
