import { CorpusRun, escapeHatches, runCorpusApp } from './corpus';
import { formatDifference } from '../../src/compare';
import { AppDefinition } from '../../src/constructs/define-app';
import codeServer from '../fixtures/real-world/code-server/app';
import dex from '../fixtures/real-world/dex/app';
import gitea from '../fixtures/real-world/gitea/app';
import immich from '../fixtures/real-world/immich/app';
import jenkins from '../fixtures/real-world/jenkins/app';
import media from '../fixtures/real-world/media/app';
import paperless from '../fixtures/real-world/paperless/app';
import pihole from '../fixtures/real-world/pihole/app';
import { schemaValidator } from '../support/schemas';

/**
 * Each corpus app: its definition, and every deliberate difference (a convention of ours, by
 * name: see src/compare/stillon-conventions.ts) the comparison may recognise. Anything else
 * that differs fails the test; a name listed that explains nothing fails it too.
 */
const APPS: Record<string, { readonly definition: AppDefinition; readonly deliberate: readonly string[] }> = {
  'code-server': { definition: codeServer, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'dex': { definition: dex, deliberate: ['ConfigRollout', 'FluxLayout', 'HostConvention', 'PodSecurity', 'StandardLabels', 'WorkloadLabels'] },
  'gitea': { definition: gitea, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'immich': { definition: immich, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels'] },
  'jenkins': { definition: jenkins, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'media': { definition: media, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'RecreateStrategy', 'StandardLabels', 'WorkloadLabels'] },
  'paperless': { definition: paperless, deliberate: ['ConfigRollout', 'FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'pihole': { definition: pihole, deliberate: ['FluxLayout', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'ResourceRequests', 'StandardLabels', 'WorkloadLabels'] },
};

/**
 * Apps the typed API cannot express yet: what is missing, why it matters, and exactly the
 * differences that are left (`object path`). Their test asserts these and only these remain, so
 * it fails on any other difference, and once the capability lands (then the entry must go).
 */
const PENDING: Record<string, { readonly missing: readonly string[]; readonly reason: string; readonly left: readonly string[] }> = {
  // None today: all eight apps are expressed with the typed API.
};

const runs = new Map<string, CorpusRun>();
function run(app: string): CorpusRun {
  if (!runs.has(app)) runs.set(app, runCorpusApp(app, APPS[app].definition, APPS[app].deliberate));
  return runs.get(app)!;
}

for (const app of Object.keys(APPS).filter((a) => !PENDING[a])) {
  describe(`${app}`, () => {
    test('synthesizes and means what the original means, but for the deliberate differences named', () => {
      const r = run(app);
      expect(r.errors).toEqual([]);
      expect(r.comparison.unexplained.map(formatDifference)).toEqual([]);
      expect(r.comparison.used).toEqual([...APPS[app].deliberate].sort());
    });

  });
}

for (const app of Object.keys(PENDING)) {
  describe(`${app} (pending: ${PENDING[app].missing.join('; ')})`, () => {
    test('differs from the original exactly where a capability is missing', () => {
      const r = run(app);
      expect(r.errors).toEqual([]);
      expect(r.comparison.unexplained.map((d) => `${d.object} ${d.path || '(object)'}`)).toEqual(PENDING[app].left);
      expect(r.comparison.used).toEqual([...APPS[app].deliberate].sort());
    });
  });
}

for (const app of Object.keys(APPS)) {
  test(`${app}: every synthesized object validates against the Kubernetes 1.28 schemas and the CRDs`, () => {
    const r = run(app);
    expect(r.errors).toEqual([]);
    expect(r.written.length).toBeGreaterThan(0);
    const invalid = r.written.flatMap((o) => schemaValidator().validate(o).map((e) => `${o.kind}/${o.metadata?.name} ${e.path} ${e.message}`));
    expect(invalid).toEqual([]);
  });

  test(`${app}: the hand-written original validates too (the corpus is what a cluster accepts)`, () => {
    const invalid = run(app).original.flatMap((o) => schemaValidator().validate(o).map((e) => `${o.kind}/${o.metadata?.name} ${e.path} ${e.message}`));
    expect(invalid).toEqual([]);
  });
}

test('the corpus definitions use no JSON patch and no L1 object', () => {
  const { rows, total } = escapeHatches();
  expect(rows.map((r) => r.file).sort()).toEqual(Object.keys(APPS).map((app) => `test/fixtures/real-world/${app}/app.ts`).sort());
  expect(total).toEqual({ files: Object.keys(APPS).length, jsonPatches: 0, l1Objects: 0 });
});
