import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckException, Conventions } from '../conventions';
import { buildTarget } from './build';
import { discoverTargets, scanDocuments } from './discover';
import { RepoFiles } from './repo-files';
import { loadConventions } from '../conventions/load-config';
import { BuildInfo, Rule } from '../policy/rule';
import { ALL_RULES } from '../policy/rules';
import { runRules } from '../policy/runner';
import { Severity, StillonError, Violation, compareViolations } from '../policy/violation';

export interface CheckOptions {
  /** The repository (or folder of one) to check. */
  readonly rootDir: string;
  /** Conventions instead of `<rootDir>/stillon.config.ts` (tests). @default - loaded */
  readonly conventions?: Conventions;
  /** Run only these rule codes. @default - every rule not switched off in the config */
  readonly rules?: readonly string[];
  /** Leave these rule codes out. @default [] */
  readonly skipRules?: readonly string[];
}

/** One app check found, and how its build went. */
export interface CheckedApp {
  readonly name: string;
  /** The folder built, relative to the root. */
  readonly path: string;
  /** `file:line` of the Flux Kustomization asking for it; absent for a kustomization.yaml found on its own. */
  readonly flux?: string;
  readonly build: 'ok' | 'failed' | 'missing';
  readonly objects: number;
}

/** A finding an exception in stillon.config.ts accepts, with its recorded reason. */
export interface SuppressedViolation extends Violation {
  readonly reason: string;
}

export interface CheckResult {
  readonly rootDir: string;
  readonly apps: readonly CheckedApp[];
  /** What remains after the config: sorted, at their configured severity. */
  readonly violations: readonly Violation[];
  readonly suppressed: readonly SuppressedViolation[];
  /** The rules that ran. */
  readonly rules: readonly Rule[];
}

/** Bad input to check itself (an unknown rule, an exception without a reason, a missing folder): exit 2. */
export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckUsageError';
  }
}

/** Rule codes that exist, for the config and the command line. */
export const RULE_CODES: readonly string[] = ALL_RULES.map((r) => r.code);

/** What Flux would apply, built as Flux would, judged by the same rules as synth's output. */
export function check(options: CheckOptions): CheckResult {
  const rootDir = path.resolve(options.rootDir);
  if (!fs.existsSync(rootDir) || !fs.statSync(rootDir).isDirectory()) throw new CheckUsageError(`${options.rootDir} is not a folder`);
  let conventions: Conventions;
  try {
    conventions = options.conventions ?? loadConventions(rootDir);
  } catch (error) {
    if (error instanceof StillonError) throw new CheckUsageError(error.message);
    throw error;
  }
  const settings = validateSettings(conventions);
  for (const code of [...options.rules ?? [], ...options.skipRules ?? []]) assertRule(code, 'the command line');

  const rules = ALL_RULES.filter((r) => settings.severities[r.code] !== 'off'
    && (!options.rules?.length || options.rules.includes(r.code))
    && !options.skipRules?.includes(r.code));

  const files = new RepoFiles(rootDir);
  const targets = discoverTargets(files, scanDocuments(files), conventions);
  const builds: BuildInfo[] = targets.map((t) => buildTarget(files, t));
  const raw = runRules(builds.flatMap((b) => b.objects), { conventions, mode: 'check', builds }, rules);

  const violations: Violation[] = [];
  const suppressed: SuppressedViolation[] = [];
  const used = new Set<CheckException>();
  for (const v of raw) {
    const exception = settings.exceptions.find((e) => matches(e, v));
    if (exception) {
      used.add(exception);
      suppressed.push({ ...v, reason: exception.reason });
      continue;
    }
    const configured = settings.severities[v.code];
    violations.push(configured === 'error' || configured === 'warning' ? { ...v, severity: configured as Severity } : v);
  }
  for (const e of settings.exceptions) {
    if (used.has(e) || !rules.some((r) => r.code === e.rule)) continue;
    violations.push({
      code: 'UnusedException',
      severity: Severity.WARNING,
      app: e.app === '*' ? undefined : e.app,
      path: 'stillon.config.ts',
      message: `the exception for ${e.rule} in app '${e.app}'${e.object ? ` (${e.object})` : ''} matches no finding`,
      fix: 'remove it from check.exceptions: what it excused is fixed',
    });
  }
  const apps = builds.map((b): CheckedApp => ({
    name: b.app,
    path: b.path,
    flux: b.flux?.source,
    build: !b.exists ? 'missing' : b.error ? 'failed' : 'ok',
    objects: b.objects.length,
  }));
  return { rootDir, apps, violations: violations.sort(compareViolations), suppressed: suppressed.sort(compareViolations), rules };
}

function matches(e: CheckException, v: Violation): boolean {
  return e.rule === v.code && (e.app === '*' || e.app === v.app)
    && (e.object === undefined || (v.object !== undefined && e.object === `${v.object.kind}/${v.object.name}`));
}

function validateSettings(conventions: Conventions) {
  const settings = conventions.check ?? {};
  for (const [code, severity] of Object.entries(settings.severities ?? {})) {
    assertRule(code, 'check.severities');
    if (!['error', 'warning', 'off'].includes(severity)) throw new CheckUsageError(`stillon.config.ts: check.severities.${code} is '${severity}'; use 'error', 'warning' or 'off'`);
  }
  for (const e of settings.exceptions ?? []) {
    assertRule(e.rule, 'check.exceptions');
    if (!e.app) throw new CheckUsageError(`stillon.config.ts: the exception for ${e.rule} names no app; give the app, or '*' for every app`);
    if (!e.reason?.trim()) throw new CheckUsageError(`stillon.config.ts: the exception for ${e.rule} in app '${e.app}' has no reason; record why the finding is fine`);
  }
  for (const p of settings.providedOutOfBand ?? []) {
    if (!p.reason?.trim()) throw new CheckUsageError(`stillon.config.ts: check.providedOutOfBand ${p.kind}/${p.name} has no reason; record how it gets into the cluster`);
  }
  return { severities: settings.severities ?? {}, exceptions: settings.exceptions ?? [] };
}

function assertRule(code: string, where: string): void {
  if (!RULE_CODES.includes(code)) throw new CheckUsageError(`${where}: unknown rule '${code}'; rules: ${RULE_CODES.join(', ')}`);
}
