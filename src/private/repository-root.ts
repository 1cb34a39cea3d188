import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package whose dependents are our repositories. */
const PACKAGE = 'stillon-gitops';

/**
 * The root of the stillon repository that `start` lies in, as git and npm find theirs: the
 * nearest folder, `start` or above, holding `stillon.config.ts` or a `package.json` that is this
 * package or depends on it. Undefined when there is none: a command run from a subfolder must
 * never take the subfolder for the root (it would write `kustomize/apps/...`).
 */
export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'stillon.config.ts')) || dependsOnUs(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function dependsOnUs(file: string): boolean {
  let manifest: any;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  return manifest?.name === PACKAGE
    || [manifest?.dependencies, manifest?.devDependencies, manifest?.peerDependencies].some((deps) => deps && typeof deps === 'object' && PACKAGE in deps);
}
