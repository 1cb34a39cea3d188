import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';
import { ingressHostPairs } from './ingress-hosts';

/** One host, one app: two Ingresses on a host make the controller pick one at random. */
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
      const claimants = claimed.map((o) => `${o.app} (${describe(o)})`).join(', ');
      for (const object of claimed) findings.push({ object, message: `host ${host} is claimed by ${claimants}` });
    }
    return findings;
  },
};
