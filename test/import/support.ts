import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scratchRepo } from '../adversarial/support/scratch-repo';
import { REPO_ROOT } from '../support/temp-repo';

export const CORPUS = join(REPO_ROOT, 'test', 'fixtures', 'real-world');
export const IMPORT_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'import');

/** Every corpus app, by folder. */
export const CORPUS_APPS = readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/**
 * A user's repository holding a hand-written corpus app as it lived in their Git: the kustomize
 * folder at `legacy/apps/<app>/`, its sealed files at `legacy/apps/sealed-secrets/` (where the
 * kustomization's `../sealed-secrets/...` points) and its Flux Kustomization at
 * `legacy/clusters/home/<app>.yaml` (whose `./apps/<app>` Flux resolves from `legacy/`).
 */
export function repoWithCorpusApp(app: string): string {
  const root = scratchRepo({ 'stillon.config.ts': 'export default {};\n' });
  const legacy = join(root, 'legacy');
  mkdirSync(join(legacy, 'clusters', 'home'), { recursive: true });
  cpSync(join(CORPUS, app, 'original'), join(legacy, 'apps', app), { recursive: true });
  if (existsSync(join(CORPUS, app, 'sealed-secrets'))) cpSync(join(CORPUS, app, 'sealed-secrets'), join(legacy, 'apps', 'sealed-secrets'), { recursive: true });
  cpSync(join(CORPUS, app, 'flux.yaml'), join(legacy, 'clusters', 'home', `${app}.yaml`));
  return root;
}

/** A repository with one fixture of test/fixtures/import/ copied to `legacy/<fixture>/`. */
export function repoWithImportFixture(fixture: string): string {
  const root = scratchRepo({ 'stillon.config.ts': 'export default {};\n' });
  cpSync(join(IMPORT_FIXTURES, fixture), join(root, 'legacy', fixture), { recursive: true });
  return root;
}
