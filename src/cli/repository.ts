import { CliIo } from './io';
import { formatError } from './print';
import { StillonError } from '../errors';
import { findRepositoryRoot } from '../private/repository-root';

/**
 * The root of the repository a command was started in (from any subfolder, as git finds its
 * own), or undefined after printing why there is none: a subfolder taken for the root would get
 * `kustomize/`, `apps/` and `docs/` of its own.
 */
export function repositoryRoot(io: CliIo, command: string): string | undefined {
  const root = findRepositoryRoot(io.cwd);
  if (root === undefined) {
    io.err(formatError(command, new StillonError('NotARepository', io.cwd,
      'neither this folder nor any above it holds stillon.config.ts or a package.json depending on stillon-gitops',
      'run the command inside your GitOps repository, or start one with `npx stillon init`'), { color: io.color?.err }));
  }
  return root;
}
