import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, CORPUS_APPS, repoWithCorpusApp } from './support';
import { exists, read, removeScratchRepo, scratchRepo, stillon, tree } from '../adversarial/support/scratch-repo';
import { REPO_ROOT } from '../support/temp-repo';

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

/** The generated app files, kept for the type check at the end. */
const generated = new Map<string, string>();

describe.each(CORPUS_APPS)('%s', (app) => {
  let root: string;
  let imported: ReturnType<typeof stillon>;
  let synthesized: ReturnType<typeof stillon>;
  beforeAll(() => {
    root = repoWithCorpusApp(app);
    imported = stillon(root, 'import', `legacy/clusters/home/${app}.yaml`);
    synthesized = stillon(root, 'synth');
    if (exists(root, `apps/${app}.ts`)) generated.set(app, read(root, `apps/${app}.ts`));
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
    // Every object of the corpus has a typed construct: nothing is left raw.
    expect(source).not.toContain('RawObject');
    expect(imported.stdout).not.toContain('Raw (RawObject');
    for (const rel of Object.keys(tree(root)).filter((f) => f.startsWith('legacy/apps/sealed-secrets/'))) {
      const copy = rel.replace('legacy/apps/', '');
      expect(readFileSync(join(root, copy))).toEqual(readFileSync(join(root, rel)));
      expect(readFileSync(join(root, copy))).toEqual(readFileSync(join(CORPUS, app, copy)));
    }
    expect(readFileSync(join(root, 'legacy', 'clusters', 'home', `${app}.yaml`))).toEqual(readFileSync(join(CORPUS, app, 'flux.yaml')));
  });
});

test('every generated app type-checks (strict, no unused locals) against the library', () => {
  expect([...generated.keys()].sort()).toEqual(CORPUS_APPS);
  const root = scratchRepo({
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, noUnusedLocals: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true, skipLibCheck: true, types: ['node'] },
      include: ['apps/*.ts'],
    }),
    ...Object.fromEntries([...generated].map(([app, source]) => [`apps/${app}.ts`, source])),
  });
  try {
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  } finally {
    removeScratchRepo(root);
  }
});
