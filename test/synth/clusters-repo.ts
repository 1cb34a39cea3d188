import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixture-repo';

/** The fixture repository with two clusters and two environments (test/fixtures/clusters/README.md). */
export const CLUSTERS_REPO = join(REPO_ROOT, 'test', 'fixtures', 'clusters');

/** Folders of the fixture that only synth writes. */
const OUTPUT = ['clusters', 'kustomize', 'namespaces', 'docs'];
/** From this repository: what synth needs to run. */
const FROM_LIBRARY = ['src', 'imports', 'bin', 'package.json', 'tsconfig.json'];

/** Whether a path (relative to the root) is synth output of the clusters layout. */
export const isClusterOutput = (rel: string): boolean => OUTPUT.some((dir) => rel.startsWith(`${dir}/`));

/**
 * A copy of the clusters fixture under os.tmpdir() (with its committed output unless
 * `withOutput: false`), the library at its root and node_modules linked, as tempRepo() makes of
 * the one-cluster fixture. Remove it with removeTempRepo.
 */
export function clustersRepo(options: { readonly withOutput?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'stillon-clusters-'));
  cpSync(CLUSTERS_REPO, root, {
    recursive: true,
    filter: (src) => options.withOutput !== false || !OUTPUT.some((dir) => src.startsWith(join(CLUSTERS_REPO, dir))),
  });
  for (const entry of FROM_LIBRARY) {
    cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true, filter: (src) => !src.includes('.stillon-cache') });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}
