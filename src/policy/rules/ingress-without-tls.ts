import { ANNOTATIONS } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';
import { ingressHosts } from './ingress-hosts';

const ISSUER_ANNOTATIONS = [ANNOTATIONS.certManagerClusterIssuer, 'cert-manager.io/issuer'];

/** Every app is served over TLS with a cert-manager certificate. */
export const ingressWithoutTls: Rule = {
  code: 'IngressWithoutTls',
  severity: Severity.ERROR,
  rationale: 'an Ingress host without a tls entry is served over plain HTTP or with the controller\'s self-signed certificate',
  fix: 'use StillonIngress, or add spec.tls with the host and a secretName, and the cert-manager.io/cluster-issuer annotation',
  check(objects, { conventions }) {
    const findings: Finding[] = [];
    for (const object of objects.filter((o) => isKind(o.manifest, 'Ingress', 'networking.k8s.io'))) {
      const m = object.manifest;
      const covered = new Set((m.spec?.tls ?? []).filter((t: any) => t?.secretName).flatMap((t: any) => t.hosts ?? []));
      const uncovered = ingressHosts(m).filter((h) => !covered.has(h));
      if (uncovered.length) findings.push({ object, message: `${describe(object)} serves ${uncovered.join(', ')} without a tls entry with a secretName` });
      if (!ISSUER_ANNOTATIONS.some((a) => m.metadata?.annotations?.[a])) {
        findings.push({ object, message: `${describe(object)} has no cert-manager issuer annotation`, fix: `add the annotation ${ANNOTATIONS.certManagerClusterIssuer}: ${conventions.clusterIssuer}` });
      }
    }
    return findings;
  },
};
