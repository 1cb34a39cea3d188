import { Rule } from '../rule';
import { Severity } from '../violation';

/** A Flux Kustomization pointing at a folder that is not in Git fails every reconcile. */
export const fluxPathMissing: Rule = {
  code: 'FluxPathMissing',
  severity: Severity.ERROR,
  rationale: 'Flux fails the reconcile of a Kustomization whose spec.path does not exist, and the app stops updating',
  fix: 'correct spec.path (relative to the repository root, e.g. ./kustomize/<app>) or add the folder',
  scope: 'check',
  check(_objects, { builds = [] }) {
    return builds
      .filter((b) => b.flux && !b.exists)
      .map((b) => ({ object: { ...b.owner, app: b.app }, message: `spec.path ${b.flux!.manifest.spec?.path ?? './'} of Kustomization/${b.app} does not exist (looked for ${b.path})` }));
  },
};
