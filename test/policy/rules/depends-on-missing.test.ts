import { STILLON_PROFILE } from '../../../src/conventions';
import { BuildInfo, PolicyObject } from '../../../src/policy/rule';
import { dependsOnMissing } from '../../../src/policy/rules';
import { ClusterPolicyContext } from '../../../src/policy/rules/cluster-context';
import { runRules } from '../../../src/policy/runner';
import { policyObject } from '../../support/policy';

function kustomization(name: string, dependsOn?: any[], namespace = 'flux-system'): PolicyObject {
  return policyObject({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { path: `./apps/${name}`, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, ...dependsOn ? { dependsOn } : {} },
  }, { app: name, source: `clusters/a/${name}.yaml:1` });
}
const build = (flux: PolicyObject): BuildInfo => ({ app: flux.app, path: `apps/${flux.app}`, flux, owner: flux, exists: true, objects: [] });
const CLUSTER = { name: 'a', root: 'clusters/a' };

function run(fluxes: PolicyObject[], objects: PolicyObject[] = [], options: { withoutCluster?: boolean } = {}) {
  const context: ClusterPolicyContext = { conventions: STILLON_PROFILE, mode: 'check', builds: fluxes.map(build), cluster: options.withoutCluster ? undefined : CLUSTER };
  return runRules(objects, context, [dependsOnMissing]);
}

describe('DependsOnMissing', () => {
  test('passes a dependency the cluster has, in the dependent\'s namespace by default or the one named', () => {
    expect(run([kustomization('infra'), kustomization('web', [{ name: 'infra' }, { name: 'infra', namespace: 'flux-system' }])])).toEqual([]);
  });

  test('passes a dependency on a Kustomization the cluster applies but does not follow (another source)', () => {
    const other = kustomization('platform');
    expect(run([kustomization('web', [{ name: 'platform' }])], [other])).toEqual([]);
  });

  test('is quiet without a cluster: a repository without Flux roots is judged as before', () => {
    expect(run([kustomization('web', [{ name: 'nowhere' }])], [], { withoutCluster: true })).toEqual([]);
  });

  test('fails a dependency missing from the cluster, or living in another namespace', () => {
    expect(run([kustomization('infra', undefined, 'infra'), kustomization('web', [{ name: 'infra' }, { name: 'db', namespace: 'data' }])])).toEqual([
      expect.objectContaining({ code: 'DependsOnMissing', app: 'web', path: 'clusters/a/web.yaml:1', message: 'Kustomization/web depends on data/db, which is no Flux Kustomization of cluster \'a\': Flux never reconciles web there' }),
      expect.objectContaining({ code: 'DependsOnMissing', message: expect.stringMatching(/^Kustomization\/web depends on flux-system\/infra, /) }),
    ]);
  });
});
