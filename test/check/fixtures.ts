import * as path from 'node:path';
import { CheckFinding, CheckResult, check } from '../../src/check';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'check');

/** Runs check on a fixture repository under test/fixtures/check. */
export function checkFixture(name: string, options: { rules?: string[]; skipRules?: string[] } = {}): CheckResult {
  return check({ rootDir: path.join(FIXTURES, name), ...options });
}

export function findings(result: CheckResult, code: string, app?: string): CheckFinding[] {
  return result.violations.filter((v) => v.code === code && (app === undefined || v.app === app));
}
