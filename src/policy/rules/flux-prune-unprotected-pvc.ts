import { ANNOTATIONS } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Rule } from '../rule';
import { Severity } from '../violation';

/**
 * `prune: true` deletes what leaves Git; over a claim without the prune-disabled annotation,
 * that means the claim and, with local-path's Delete reclaim policy, the data on the node.
 */
export const fluxPruneUnprotectedPvc: Rule = {
  code: 'FluxPruneUnprotectedPvc',
  severity: Severity.ERROR,
  rationale: 'a Flux Kustomization with prune: true deletes a claim (and with local-path its data) the moment the claim leaves Git or is renamed',
  fix: `annotate each claim with ${ANNOTATIONS.fluxPrune}: disabled (ProtectedPvc does), or set prune: false on the Kustomization`,
  scope: 'check',
  check(_objects, { builds = [] }) {
    return builds
      .filter((b) => b.flux?.manifest.spec?.prune === true)
      .flatMap((b) => {
        const claims = b.objects
          .filter((o) => isKind(o.manifest, 'PersistentVolumeClaim', '') && o.manifest.metadata?.annotations?.[ANNOTATIONS.fluxPrune] !== 'disabled')
          .map((o) => o.manifest.metadata?.name)
          .sort();
        return claims.length
          ? [{ object: { ...b.owner, app: b.app }, message: `Kustomization/${b.flux!.manifest.metadata?.name} prunes ${b.path}, which holds the claim(s) ${claims.join(', ')} without ${ANNOTATIONS.fluxPrune}: disabled` }]
          : [];
      });
  },
};
