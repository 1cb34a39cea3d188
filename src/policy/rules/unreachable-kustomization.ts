import { ClusterPolicyContext } from './cluster-context';
import { Rule } from '../rule';
import { Severity } from '../violation';

/**
 * On a repository with Flux roots, a Flux Kustomization that no root's graph reaches is never
 * applied: a leftover of a migration, or a file someone forgot to list. One warning per file,
 * instead of the missing paths and references of an app that does not exist.
 */
export const unreachableKustomization: Rule = {
  code: 'UnreachableKustomization',
  severity: Severity.WARNING,
  scope: 'check',
  rationale: 'a Flux Kustomization no cluster\'s Flux root reaches is never applied, so it reads as an app that is not running, and goes stale',
  fix: 'delete the file, or reference it from a cluster: put it below the cluster\'s root, or list it in a kustomization.yaml a root builds',
  check(_objects, context) {
    const { unreachable = [], roots = [] } = context as ClusterPolicyContext;
    return unreachable.map(({ object, names }) => ({
      object,
      message: `${object.source.replace(/:\d+$/, '')} holds ${names.map((n) => `Kustomization/${n}`).join(', ')}, which no Flux root reaches (${roots.join(', ')}): Flux never applies ${names.length > 1 ? 'them' : 'it'}`,
    }));
  },
};
