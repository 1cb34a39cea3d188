import { ANNOTATIONS, PVC_PROTECTION_FINALIZER } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

/**
 * Every claim carries the pvc-protection finalizer and Flux's prune-disabled annotation: the
 * finalizer alone only delays deletion until no pod uses the claim, so a Flux prune still
 * deletes the claim and, with local-path's Delete reclaim policy, its data.
 */
export const pvcNotProtected: Rule = {
  code: 'PvcNotProtected',
  severity: Severity.ERROR,
  rationale: 'a claim without the finalizer and `kustomize.toolkit.fluxcd.io/prune: disabled` is deleted, with its data, by a Flux prune',
  fix: `use ProtectedPvc, or add finalizers: [${PVC_PROTECTION_FINALIZER}] and the annotation ${ANNOTATIONS.fluxPrune}: disabled`,
  check(objects) {
    const findings: Finding[] = [];
    for (const object of objects) {
      const m = object.manifest;
      if (isKind(m, 'PersistentVolumeClaim', '')) {
        const missing = [];
        if (!(m.metadata?.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER)) missing.push(`the finalizer ${PVC_PROTECTION_FINALIZER}`);
        if (m.metadata?.annotations?.[ANNOTATIONS.fluxPrune] !== 'disabled') missing.push(`the annotation ${ANNOTATIONS.fluxPrune}: disabled`);
        if (missing.length) {
          findings.push({ object, message: `${describe(object)} lacks ${missing.join(' and ')}; the finalizer alone does not stop a Flux prune from deleting the claim and its data (local-path's Delete reclaim policy removes the volume with it)` });
        }
      }
      for (const template of isKind(m, 'StatefulSet') ? m.spec?.volumeClaimTemplates ?? [] : []) {
        if (!(template.metadata?.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER)) {
          findings.push({ object, message: `volumeClaimTemplate '${template.metadata?.name}' of ${describe(object)} lacks the finalizer ${PVC_PROTECTION_FINALIZER}`, fix: `add metadata.finalizers: [${PVC_PROTECTION_FINALIZER}] to the template, or mount a ProtectedPvc instead` });
        }
      }
    }
    return findings;
  },
};
