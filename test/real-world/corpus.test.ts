import { CorpusRun, escapeHatches, runCorpusApp } from './corpus';
import { formatDifference } from '../../src/compare';
import { AppDefinition } from '../../src/constructs/define-app';
import { schemaValidator } from '../support/schemas';
import gitea from '../fixtures/real-world/gitea/app';

/**
 * Each corpus app: its definition, and every deliberate difference (a convention of ours, by
 * name: see src/compare/stillon-conventions.ts) the comparison may recognise. Anything else
 * that differs fails the test; a name listed that explains nothing fails it too.
 */
const APPS: Record<string, { readonly definition: AppDefinition; readonly deliberate: readonly string[] }> = {
  gitea: { definition: gitea, deliberate: ['StandardLabels', 'PvcProtection', 'PodSecurity', 'NoServiceAccountToken', 'FluxLayout'] },
};

/**
 * Apps the typed API cannot express yet: what is missing, and why it matters. Their test asserts
 * the differences are still there (so it fails, and the entry must go, once the capability lands).
 */
const PENDING: Record<string, { readonly missing: readonly string[]; readonly reason: string }> = {
};

const runs = new Map<string, CorpusRun>();
function run(app: string): CorpusRun {
  if (!runs.has(app)) runs.set(app, runCorpusApp(app, APPS[app].definition, APPS[app].deliberate));
  return runs.get(app)!;
}

for (const app of Object.keys(APPS).filter((a) => !PENDING[a])) describe(app, () => {
  test('synthesizes and means what the original means, but for the deliberate differences named', () => {
    const r = run(app);
    expect(r.errors).toEqual([]);
    expect(r.comparison.unexplained.map(formatDifference)).toEqual([]);
    expect(r.comparison.used).toEqual([...APPS[app].deliberate].sort());
  });

  test('every synthesized object validates against the Kubernetes 1.28 schemas and the CRDs', () => {
    const r = run(app);
    expect(r.written.length).toBeGreaterThan(0);
    const invalid = r.written.flatMap((o) => schemaValidator().validate(o).map((e) => `${o.kind}/${o.metadata?.name} ${e.path} ${e.message}`));
    expect(invalid).toEqual([]);
  });
});

for (const app of Object.keys(PENDING)) describe(`${app} (pending: ${PENDING[app].missing.join('; ')})`, () => {
  test('still differs from the original where a capability is missing', () => {
    const r = run(app);
    // Printed so that the report shows what is left; the entry in PENDING says why.
    const left = [...r.errors, ...r.comparison.unexplained.map(formatDifference)];
    expect(left.length).toBeGreaterThan(0);
  });
});

test('the corpus definitions use no JSON patch and no L1 object', () => {
  const { rows, total } = escapeHatches();
  expect(rows.map((r) => r.file).sort()).toEqual(Object.keys(APPS).map((app) => `test/fixtures/real-world/${app}/app.ts`).sort());
  expect(total).toEqual({ files: Object.keys(APPS).length, jsonPatches: 0, l1Objects: 0 });
});
