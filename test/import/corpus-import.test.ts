import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, CORPUS_APPS, repoWithCorpusApp } from './support';
import { exists, read, removeScratchRepo, stillon, tree } from '../adversarial/support/scratch-repo';

/**
 * Every app of the real-world corpus, imported from a user's legacy layout (kustomize folder,
 * sealed files, Flux Kustomization file) by the real CLI with the real kubectl: the proof finds
 * only named convention changes, the sealed files are copied byte for byte, and `stillon synth`
 * then passes in that repository.
 */
const CONVENTIONS = ['ConfigRollout', 'FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'RecreateStrategy', 'ResourceRequests', 'StandardLabels', 'WorkloadLabels'];

test('the corpus has its eight apps', () => {
  expect(CORPUS_APPS).toEqual(['code-server', 'dex', 'gitea', 'immich', 'jenkins', 'media', 'paperless', 'pihole']);
});

describe.each(CORPUS_APPS)('%s', (app) => {
  let root: string;
  let imported: ReturnType<typeof stillon>;
  let synthesized: ReturnType<typeof stillon>;
  beforeAll(() => {
    root = repoWithCorpusApp(app);
    imported = stillon(root, 'import', `legacy/clusters/home/${app}.yaml`);
    synthesized = stillon(root, 'synth');
  });
  afterAll(() => removeScratchRepo(root));

  test('imports with only named convention changes, then synth passes', () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Other differences: none');
    const named = /Convention changes \(named, on purpose\): (.*)/.exec(imported.stdout)![1].split(', ');
    expect(named.every((n) => CONVENTIONS.includes(n))).toBe(true);
    expect(imported.stdout).toContain(`created apps/${app}.ts`);
    expect(imported.stdout).toContain(`remove the originals: legacy/apps/${app}/, legacy/clusters/home/${app}.yaml`);
    expect(synthesized.stderr).not.toMatch(/error/i);
    expect(synthesized.code).toBe(0);
    expect(exists(root, `kustomize/${app}/kustomization.yaml`)).toBe(true);
  });

  test('keeps names and selectors, copies sealed files byte for byte, leaves the originals alone', () => {
    const source = read(root, `apps/${app}.ts`);
    expect(source).toContain(`defineApp('${app}'`);
    for (const rel of Object.keys(tree(root)).filter((f) => f.startsWith('legacy/apps/sealed-secrets/'))) {
      const copy = rel.replace('legacy/apps/', '');
      expect(readFileSync(join(root, copy))).toEqual(readFileSync(join(root, rel)));
      expect(readFileSync(join(root, copy))).toEqual(readFileSync(join(CORPUS, app, copy)));
    }
    expect(readFileSync(join(root, 'legacy', 'clusters', 'home', `${app}.yaml`))).toEqual(readFileSync(join(CORPUS, app, 'flux.yaml')));
  });
});
