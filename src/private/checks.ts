import { IConstruct } from 'constructs';
import { Severity, Violation } from '../errors';

/** A fact about a construct known only once its app is complete (e.g. a key read from a sealed file). */
export interface ConstructFinding {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
  readonly severity?: Severity;
}

const CHECKS = new WeakMap<IConstruct, Array<() => ConstructFinding[]>>();

/**
 * Registers a deferred check. It runs when synth validates the app, and also through
 * `node.validate()`, so a plain cdk8s `App.synth()` reports it too.
 */
export function addCheck(construct: IConstruct, check: () => ConstructFinding[]): void {
  const list = CHECKS.get(construct) ?? [];
  list.push(check);
  CHECKS.set(construct, list);
  construct.node.addValidation({
    validate: () => check().map((f) => `${f.code}: ${f.message}; fix: ${f.fix}`),
  });
}

/** Runs every check registered below `root`, as Violations of `app`. */
export function runChecks(root: IConstruct, app: string): Violation[] {
  const violations: Violation[] = [];
  for (const construct of root.node.findAll()) {
    for (const check of CHECKS.get(construct) ?? []) {
      for (const f of check()) {
        violations.push({ code: f.code, severity: f.severity ?? Severity.ERROR, app, path: construct.node.path, message: f.message, fix: f.fix });
      }
    }
  }
  return violations;
}
