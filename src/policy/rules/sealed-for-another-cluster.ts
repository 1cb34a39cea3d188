import { ClusterPolicyContext, normalizeFingerprint } from './cluster-context';
import { ANNOTATIONS } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

/**
 * Each cluster's sealed-secrets controller has its own key: a SealedSecret sealed with another
 * cluster's certificate never unseals. `stillon seal` records the certificate's fingerprint on the
 * SealedSecret; check compares it with the certificate of the cluster that applies it, when the
 * repository holds that certificate.
 */
export const sealedForAnotherCluster: Rule = {
  code: 'SealedForAnotherCluster',
  severity: Severity.ERROR,
  scope: 'check',
  rationale: 'a SealedSecret sealed with another cluster\'s certificate cannot be opened by this cluster\'s controller, so the Secret the app reads never appears',
  fix: 'reseal the values with this cluster\'s certificate (stillon seal --cluster <name>), or apply the file only in the cluster it was sealed for',
  check(objects, context) {
    const { cluster } = context as ClusterPolicyContext;
    if (!cluster?.certificate) return [];
    const own = normalizeFingerprint(cluster.certificate.fingerprint);
    const findings: Finding[] = [];
    for (const object of objects.filter((o) => isKind(o.manifest, 'SealedSecret', 'bitnami.com'))) {
      const recorded = object.manifest.metadata?.annotations?.[ANNOTATIONS.sealingCertificate];
      if (typeof recorded !== 'string' || normalizeFingerprint(recorded) === own) continue;
      const owner = cluster.others?.find((o) => normalizeFingerprint(o.fingerprint) === normalizeFingerprint(recorded));
      const sealedFor = owner ? `the certificate of cluster '${owner.name}'` : 'a certificate that is not this cluster\'s';
      findings.push({
        object,
        message: `${describe(object)} was sealed with ${sealedFor} (${recorded}) but is applied in cluster '${cluster.name}', whose certificate ${cluster.certificate.file} is ${cluster.certificate.fingerprint}: its controller cannot open it`,
        fix: `reseal the values with cluster ${cluster.name}'s certificate (stillon seal --cluster ${cluster.name}, or kubeseal --cert ${cluster.certificate.file})${owner ? `, or apply the file only in cluster ${owner.name}` : ''}`,
      });
    }
    return findings;
  },
};
