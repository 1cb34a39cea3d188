import { CheckFinding, CheckResult } from './check';
import { Severity } from '../policy/violation';

/** Version of the JSON output; bumped only on an incompatible change. See check-output.schema.json. */
export const CHECK_JSON_VERSION = 1;

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly apps: number;
  readonly objects: number;
  /** Flux roots found; absent when there are none. */
  readonly clusters?: number;
}

export function summarize(result: CheckResult): CheckSummary {
  const errors = result.violations.filter((v) => v.severity === Severity.ERROR).length;
  return {
    errors,
    warnings: result.violations.length - errors,
    suppressed: result.suppressed.length,
    apps: result.apps.length,
    objects: result.apps.reduce((n, a) => n + a.objects, 0),
    ...result.clusters ? { clusters: result.clusters.length } : {},
  };
}

/** Whether the run passes: no error, and with `strict` no warning either. */
export function passed(result: CheckResult, strict: boolean): boolean {
  const s = summarize(result);
  return s.errors === 0 && (!strict || s.warnings === 0);
}

/** `file` and `line` of a `file:line` source; a source without a line is a file. */
function location(where: string | undefined): { file: string | null; line: number | null } {
  if (!where) return { file: null, line: null };
  const match = /^(.*):(\d+)$/.exec(where);
  return match ? { file: match[1], line: Number(match[2]) } : { file: where, line: null };
}

function findingJson(v: CheckFinding) {
  return {
    code: v.code,
    severity: v.severity,
    ...v.cluster !== undefined ? { cluster: v.cluster } : {},
    app: v.app ?? null,
    object: v.object ? {
      ...v.object.apiVersion ? { apiVersion: v.object.apiVersion } : {},
      kind: String(v.object.kind),
      ...v.object.namespace ? { namespace: String(v.object.namespace) } : {},
      name: String(v.object.name),
    } : null,
    ...location(v.path),
    message: v.message,
    fix: v.fix,
  };
}

/** The `--format json` document: stable keys, documented in check-output.schema.json. */
export function toJson(result: CheckResult, options: { root: string; strict: boolean }): object {
  return {
    schemaVersion: CHECK_JSON_VERSION,
    root: options.root,
    strict: options.strict,
    passed: passed(result, options.strict),
    summary: summarize(result),
    ...result.clusters ? {
      clusters: result.clusters.map((c) => ({
        name: c.name, root: c.root, flux: c.flux ?? null, certificate: c.certificate?.file ?? null, fingerprint: c.certificate?.fingerprint ?? null,
      })),
    } : {},
    apps: result.apps.map((a) => ({
      ...a.cluster !== undefined ? { cluster: a.cluster } : {}, name: a.name, path: a.path, flux: a.flux ?? null, build: a.build, objects: a.objects,
    })),
    findings: result.violations.map(findingJson),
    suppressed: result.suppressed.map((v) => ({ ...findingJson(v), reason: v.reason })),
    rules: result.rules.map((r) => ({ code: r.code, severity: r.severity, rationale: r.rationale, fix: r.fix })),
  };
}

/** Findings grouped by app (and cluster), each with code, severity, object, where and fix; then the counts. */
export function toText(result: CheckResult, options: { strict: boolean }): string {
  const lines: string[] = [];
  const byApp = new Map<string, CheckFinding[]>();
  for (const v of result.violations) {
    const group = `${v.app ?? '(repository)'}${v.cluster !== undefined ? ` (cluster ${v.cluster})` : ''}`;
    byApp.set(group, [...byApp.get(group) ?? [], v]);
  }
  for (const [app, list] of byApp) {
    lines.push(`${app}:`);
    for (const v of list) {
      const o = v.object;
      const object = o ? ` ${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}` : '';
      lines.push(`  ${v.severity} ${v.code}${object}${v.path ? ` (${v.path})` : ''}`);
      lines.push(`    ${v.message}`);
      lines.push(`    fix: ${v.fix}`);
    }
  }
  if (result.suppressed.length) {
    lines.push('accepted by exceptions in stillon.config.ts:');
    for (const v of result.suppressed) {
      const what = [v.code, v.app, v.object && `${v.object.kind}/${v.object.name}`, v.cluster !== undefined && `(cluster ${v.cluster})`].filter(Boolean).join(' ');
      lines.push(`  ${what}: ${v.reason}`);
    }
  }
  const s = summarize(result);
  const verdict = passed(result, options.strict) ? 'passed' : 'failed';
  lines.push(`check ${verdict}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.suppressed} accepted by exceptions; ${s.apps} app(s)${s.clusters !== undefined ? ` in ${s.clusters} cluster(s)` : ''}, ${s.objects} object(s)${options.strict ? ' (strict: warnings fail)' : ''}`);
  return `${lines.join('\n')}\n`;
}
