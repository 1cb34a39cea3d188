import { SEALED_SECRETS_ANNOTATIONS, scopeFromAnnotations } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

const hasScopeAnnotation = (annotations: Record<string, string> | undefined) =>
  Object.values(SEALED_SECRETS_ANNOTATIONS).some((key) => annotations?.[key] !== undefined);

/** A SealedSecret decrypts only under the name, namespace and scope it was sealed for. */
export const sealedSecretMismatch: Rule = {
  code: 'SealedSecretMismatch',
  severity: Severity.ERROR,
  rationale: 'a SealedSecret whose template disagrees with its metadata, or whose scope is ambiguous, does not unseal into the Secret the app reads',
  fix: 'make spec.template.metadata name/namespace equal metadata name/namespace and keep one scope annotation (or none, for strict); reseal with stillon seal if the name or namespace changed',
  check(objects) {
    const findings: Finding[] = [];
    for (const object of objects.filter((o) => isKind(o.manifest, 'SealedSecret', 'bitnami.com'))) {
      const meta = object.manifest.metadata ?? {};
      const template = object.manifest.spec?.template?.metadata ?? {};
      for (const field of ['name', 'namespace'] as const) {
        if (template[field] !== undefined && meta[field] !== undefined && template[field] !== meta[field]) {
          findings.push({ object, message: `${describe(object)} has metadata.${field} '${meta[field]}' but spec.template.metadata.${field} '${template[field]}'` });
        }
      }
      const scope = scopeFromAnnotations(meta.annotations);
      if (scope === undefined) {
        findings.push({ object, message: `${describe(object)} is annotated both namespace-wide and cluster-wide` });
      } else if (hasScopeAnnotation(template.annotations) && scopeFromAnnotations(template.annotations) !== scope) {
        findings.push({ object, message: `${describe(object)} is ${scope} by its metadata annotations but ${scopeFromAnnotations(template.annotations) ?? 'both namespace-wide and cluster-wide'} by its template's` });
      }
    }
    return findings;
  },
};
