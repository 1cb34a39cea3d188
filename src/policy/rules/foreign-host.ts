import { ANNOTATIONS, isUnderDomain } from '../../conventions';
import { Rule, describe } from '../rule';
import { Severity } from '../violation';
import { ingressHostPairs } from './ingress-hosts';

/** Apps are served under the cluster's domain; another host must be allowed on purpose. */
export const foreignHost: Rule = {
  code: 'ForeignHost',
  severity: Severity.ERROR,
  rationale: 'a host outside the domain is usually a typo, and gets no certificate from the cluster\'s DNS setup',
  fix: 'serve it under the domain (subdomain option), or allow it: { host, allowForeignHost: true } or allowedForeignHosts in stillon.config.ts',
  check(objects, { conventions }) {
    return ingressHostPairs(objects)
      .filter(({ object, host }) => !isUnderDomain(conventions, host)
        && !conventions.allowedForeignHosts.includes(host)
        && !allowedOnObject(object.manifest, host))
      .map(({ object, host }) => ({ object, message: `${describe(object)} serves ${host}, which is outside ${conventions.domain}` }));
  },
};

/** The Ingress's own allowance: `true` (every host, as hand-written YAML says it) or the list of allowed hosts. */
function allowedOnObject(manifest: any, host: string): boolean {
  const value = manifest.metadata?.annotations?.[ANNOTATIONS.allowForeignHost];
  return typeof value === 'string' && (value === 'true' || value.split(',').map((h) => h.trim()).includes(host));
}
