import { Severity, Violation } from '../errors';

/** Violations grouped by app, errors first, then a count: what a person reads after a failed synth. */
export function formatViolations(violations: readonly Violation[]): string {
  if (!violations.length) return '';
  const byApp = new Map<string, Violation[]>();
  for (const v of violations) byApp.set(v.app ?? '(repository)', [...byApp.get(v.app ?? '(repository)') ?? [], v]);
  const lines: string[] = [];
  for (const [app, list] of byApp) {
    lines.push(`${app}:`);
    for (const v of list) {
      lines.push(`  ${v.severity === Severity.ERROR ? 'error' : 'warning'} ${v.code}${v.path ? ` at ${v.path}` : ''}`);
      lines.push(`    ${v.message}`);
      lines.push(`    fix: ${v.fix}`);
    }
  }
  const errors = violations.filter((v) => v.severity === Severity.ERROR).length;
  lines.push(`${errors} error(s), ${violations.length - errors} warning(s)`);
  return `${lines.join('\n')}\n`;
}
