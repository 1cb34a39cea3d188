import { STILLON_PROFILE } from '../../../src/conventions';
import { unreachableKustomization } from '../../../src/policy/rules';
import { ClusterPolicyContext } from '../../../src/policy/rules/cluster-context';
import { runRules } from '../../../src/policy/runner';
import { policyObject } from '../../support/policy';

const flux = (name: string, source: string) => policyObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name } }, { app: '', source });

describe('UnreachableKustomization', () => {
  test('is quiet without unreachable files (and on synth output, which has none)', () => {
    expect(runRules([], { conventions: STILLON_PROFILE, mode: 'check' }, [unreachableKustomization])).toEqual([]);
  });

  test('warns once per file, naming it and every Kustomization in it', () => {
    const context: ClusterPolicyContext = {
      conventions: STILLON_PROFILE,
      mode: 'check',
      roots: ['clusters/a', 'clusters/b'],
      unreachable: [{ object: flux('gitea', 'old/gitea.yaml:2'), names: ['gitea'] }, { object: flux('x', 'old/media.yaml:1'), names: ['x', 'y'] }],
    };
    expect(runRules([], context, [unreachableKustomization]).map((v) => [v.severity, v.path, v.message])).toEqual([
      ['warning', 'old/gitea.yaml:2', 'old/gitea.yaml holds Kustomization/gitea, which no Flux root reaches (clusters/a, clusters/b): Flux never applies it'],
      ['warning', 'old/media.yaml:1', 'old/media.yaml holds Kustomization/x, Kustomization/y, which no Flux root reaches (clusters/a, clusters/b): Flux never applies them'],
    ]);
  });
});
