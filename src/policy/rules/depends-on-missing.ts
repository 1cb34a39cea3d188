import { ClusterPolicyContext } from './cluster-context';
import { isKind } from '../k8s-objects';
import { Finding, PolicyObject, Rule, describe } from '../rule';
import { Severity } from '../violation';

const key = (namespace: unknown, name: unknown) => `${namespace}/${name}`;

/**
 * Flux reconciles a Kustomization only after each one in its `dependsOn` is ready; one that does
 * not exist in the cluster is never ready. Judged per cluster, where the graph from the root
 * says what exists (a copied Flux file often still names the other cluster's infrastructure).
 */
export const dependsOnMissing: Rule = {
  code: 'DependsOnMissing',
  severity: Severity.ERROR,
  scope: 'check',
  rationale: 'a Flux Kustomization waits for every dependsOn entry to be ready; one that does not exist in the cluster blocks it forever (dependency not ready)',
  fix: 'remove the entry, correct its name or namespace, or add that Kustomization to this cluster',
  check(objects, context) {
    const { cluster, builds = [], conventions } = context as ClusterPolicyContext;
    if (!cluster) return [];
    const fluxObjects: PolicyObject[] = [...builds.flatMap((b) => (b.flux ? [b.flux] : [])), ...objects.filter((o) => isKind(o.manifest, 'Kustomization', 'kustomize.toolkit.fluxcd.io'))];
    const namespaceOf = (o: PolicyObject) => o.manifest.metadata?.namespace ?? conventions.flux.namespace;
    const exists = new Set(fluxObjects.map((o) => key(namespaceOf(o), o.manifest.metadata?.name)));
    const findings: Finding[] = [];
    for (const build of builds) {
      const flux = build.flux;
      if (!flux) continue;
      for (const dependency of Array.isArray(flux.manifest.spec?.dependsOn) ? flux.manifest.spec.dependsOn : []) {
        const namespace = dependency?.namespace ?? namespaceOf(flux);
        if (exists.has(key(namespace, dependency?.name))) continue;
        findings.push({
          object: { ...flux, app: build.app },
          message: `${describe(flux)} depends on ${namespace}/${dependency?.name}, which is no Flux Kustomization of cluster '${cluster.name}': Flux never reconciles ${build.app} there`,
        });
      }
    }
    return findings;
  },
};
