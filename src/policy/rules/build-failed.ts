import { Rule } from '../rule';
import { Severity } from '../violation';

/** What Flux cannot build, it cannot apply: the whole app stops updating. */
export const buildFailed: Rule = {
  code: 'BuildFailed',
  severity: Severity.ERROR,
  rationale: 'a kustomization that does not build (a missing file, an unreachable remote base, a bad patch) fails the Flux reconcile of the whole app',
  fix: 'run `kubectl kustomize <path>` and fix what it reports; vendor remote bases into the repository so that the build works offline',
  scope: 'check',
  check(_objects, { builds = [] }) {
    return builds
      .filter((b) => b.exists && b.error?.kind === 'build')
      .map((b) => ({ object: { ...b.owner, app: b.app }, path: b.error!.where, message: `${b.path} does not build: ${b.error!.message}` }));
  },
};
