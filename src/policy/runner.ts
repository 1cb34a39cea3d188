import { PolicyContext, PolicyObject, Rule, refOf } from './rule';
import { ALL_RULES } from './rules';
import { Violation, compareViolations } from './violation';

/** Runs rules over objects; the findings come back sorted, as Violations. */
export function runRules(objects: readonly PolicyObject[], context: PolicyContext, rules: readonly Rule[] = ALL_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const rule of rules) {
    if (rule.scope === 'check' && context.mode !== 'check') continue;
    for (const finding of rule.check(objects, context)) {
      violations.push({
        code: rule.code,
        severity: rule.severity,
        app: finding.object.app,
        path: finding.path ?? finding.object.source,
        object: refOf(finding.object),
        message: finding.message,
        fix: finding.fix ?? rule.fix,
      });
    }
  }
  return violations.sort(compareViolations);
}
