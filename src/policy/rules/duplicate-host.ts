import { Finding, PolicyObject, Rule, describe } from '../rule';
import { Severity } from '../violation';
import { ingressHostPairs } from './ingress-hosts';

/** The `path (pathType)` entries an Ingress routes on one host. */
function pathsOn(object: PolicyObject, host: string): string[] {
  return (object.manifest.spec?.rules ?? [])
    .filter((rule: any) => rule?.host === host)
    .flatMap((rule: any) => rule?.http?.paths ?? [{}])
    .map((p: any) => `${p?.path ?? '/'} (${p?.pathType ?? 'ImplementationSpecific'})`);
}

/**
 * One host, one app: two apps' Ingresses on a host make the controller pick one at random. One
 * app may split a host over several Ingresses by path (the nginx forward-auth pattern: `/oauth2`
 * on an Ingress without the auth annotations), as long as no path is claimed twice.
 */
export const duplicateHost: Rule = {
  code: 'DuplicateHost',
  severity: Severity.ERROR,
  rationale: 'two Ingresses claiming one host route traffic unpredictably and fight over its certificate',
  fix: 'give one of them another subdomain',
  check(objects) {
    const byHost = new Map<string, ReturnType<typeof ingressHostPairs>>();
    for (const pair of ingressHostPairs(objects)) byHost.set(pair.host, [...byHost.get(pair.host) ?? [], pair]);
    const findings: Finding[] = [];
    for (const [host, pairs] of byHost) {
      // One Ingress may list a host in several rules (one per path); only distinct objects compete.
      const claimed = [...new Set(pairs.map((p) => p.object))];
      if (claimed.length < 2) continue;
      const apps = new Set(claimed.map((o) => o.app));
      if (apps.size === 1) {
        const owner = new Map<string, PolicyObject>();
        const clashes = new Set<PolicyObject>();
        const paths: string[] = [];
        for (const object of claimed) {
          for (const path of new Set(pathsOn(object, host))) {
            const first = owner.get(path);
            if (first && first !== object) {
              clashes.add(first).add(object);
              paths.push(path);
            }
            owner.set(path, first ?? object);
          }
        }
        const claimants = [...clashes].map((o) => describe(o)).join(', ');
        for (const object of clashes) findings.push({ object, message: `path ${[...new Set(paths)].join(', ')} of host ${host} is claimed by ${claimants}` });
        continue;
      }
      const claimants = claimed.map((o) => `${o.app} (${describe(o)})`).join(', ');
      for (const object of claimed) findings.push({ object, message: `host ${host} is claimed by ${claimants}` });
    }
    return findings;
  },
};
