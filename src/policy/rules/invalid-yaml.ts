import { Rule } from '../rule';
import { Severity } from '../violation';

/** A file Flux cannot parse fails the reconcile of its whole app. */
export const invalidYaml: Rule = {
  code: 'InvalidYaml',
  severity: Severity.ERROR,
  rationale: 'one malformed YAML file fails the Flux reconcile of every object in its app',
  fix: 'fix the YAML at the line given (indentation, a missing ":" or an unclosed quote are the usual causes)',
  scope: 'check',
  check(_objects, { builds = [] }) {
    return builds
      .filter((b) => b.error?.kind === 'yaml')
      .map((b) => ({ object: { ...b.owner, app: b.app }, path: b.error!.where, message: b.error!.message }));
  },
};
