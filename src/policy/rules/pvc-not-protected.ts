import { ANNOTATIONS, PVC_PROTECTION_FINALIZER } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Finding, PolicyObject, Rule, describe } from '../rule';
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
      if (isKind(m, 'StatefulSet')) findings.push(...templateFindings(object));
    }
    return findings;
  },
};

/** A StatefulSet with claim templates whose retention policy deletes the claims. */
function templateFindings(object: PolicyObject): Finding[] {
  const spec = object.manifest.spec;
  const templates: string[] = (spec?.volumeClaimTemplates ?? []).map((t: any) => `'${t?.metadata?.name}'`);
  if (!templates.length) return [];
  // Absent fields mean Retain, the API's default.
  const deleting = (['whenDeleted', 'whenScaled'] as const).filter((when) => spec?.persistentVolumeClaimRetentionPolicy?.[when] === 'Delete');
  if (!deleting.length) return [];
  return [{
    object,
    message: `${describe(object)} deletes the claims of its volumeClaimTemplate(s) ${templates.join(', ')} (persistentVolumeClaimRetentionPolicy ${deleting.map((w) => `${w}: Delete`).join(', ')}), and with local-path their data`,
    fix: 'set persistentVolumeClaimRetentionPolicy to { whenDeleted: Retain, whenScaled: Retain } (StatefulApp always does)',
  }];
}
