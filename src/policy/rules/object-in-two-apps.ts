import { Finding, PolicyObject, Rule, describe } from '../rule';
import { Severity } from '../violation';

/** Group, kind, namespace and name: what the API server knows an object by. */
function identity(o: PolicyObject): string {
  const m = o.manifest;
  const group = String(m?.apiVersion ?? '').includes('/') ? String(m.apiVersion).split('/')[0] : '';
  return `${group}/${m?.kind}/${m?.metadata?.namespace ?? ''}/${m?.metadata?.name}`;
}

/**
 * One object, one owner: when two apps (two Flux Kustomizations) apply the same object, each
 * reconcile overwrites the other's version, and pruning one app deletes the other's object.
 */
export const objectInTwoApps: Rule = {
  code: 'ObjectInTwoApps',
  severity: Severity.ERROR,
  rationale: 'two Flux Kustomizations applying one object overwrite each other on every reconcile, and a prune of one deletes it for both',
  fix: 'keep the object in one app (e.g. a shared app the others dependOn), or give the copies different names or namespaces',
  check(objects) {
    const byIdentity = new Map<string, PolicyObject[]>();
    for (const o of objects.filter((x) => x.fluxManaged)) byIdentity.set(identity(o), [...byIdentity.get(identity(o)) ?? [], o]);
    const findings: Finding[] = [];
    for (const group of byIdentity.values()) {
      const apps = [...new Set(group.map((o) => o.app))].sort();
      if (apps.length < 2) continue;
      for (const object of group) {
        findings.push({ object, message: `${describe(object)} in namespace ${object.manifest.metadata?.namespace ?? '(none)'} is applied by the apps ${apps.join(', ')}` });
      }
    }
    return findings;
  },
};
