import { isKind } from '../k8s-objects';
import { Rule, describe } from '../rule';
import { Severity } from '../violation';

/** Namespaces are applied by hand: a Flux prune of a Namespace deletes everything in it, claims included. */
export const namespaceInFlux: Rule = {
  code: 'NamespaceInFlux',
  severity: Severity.ERROR,
  rationale: 'Flux prunes what leaves Git; pruning a Namespace deletes every object in it, claims and data included',
  fix: 'move the Namespace to namespaces/<ns>.yaml (applied by hand with kubectl apply) and set targetNamespace on the Flux Kustomization',
  check(objects, { conventions }) {
    return objects
      // Flux's own namespace comes with `flux bootstrap` (gotk-components.yaml) and is never pruned.
      .filter((o) => o.fluxManaged && isKind(o.manifest, 'Namespace', '') && o.manifest.metadata?.name !== conventions.flux.namespace)
      .map((object) => ({ object, message: `${describe(object)} is in a Flux-managed build` }));
  },
};
