import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckException, ClusterSettings, Conventions } from '../conventions';
import { buildTarget } from './build';
import { ClusterRoot, findRoots, unreachableFluxFiles, walkCluster } from './clusters';
import { ClusterCertificate, clusterCertificate, clusterConventions, readClusterSettings } from './clusters-config';
import { discoverTargets, scanDocuments } from './discover';
import { RepoFiles } from './repo-files';
import { SourceDocument } from './yaml-source';
import { loadConventions } from '../conventions/load-config';
import { BuildInfo, Rule } from '../policy/rule';
import { ALL_RULES } from '../policy/rules';
import { ClusterPolicyContext } from '../policy/rules/cluster-context';
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
  /** Cluster settings instead of `clusters` of `<rootDir>/stillon.config.ts` (tests). @default - loaded */
  readonly clusters?: Readonly<Record<string, ClusterSettings>>;
}

/** One app check found, and how its build went. */
export interface CheckedApp {
  /** The cluster whose Flux graph reaches it; absent on a repository without Flux roots. */
  readonly cluster?: string;
  readonly name: string;
  /** The folder built, relative to the root. */
  readonly path: string;
  /** `file:line` of the Flux Kustomization asking for it; absent for a kustomization.yaml found on its own. */
  readonly flux?: string;
  readonly build: 'ok' | 'failed' | 'missing';
  readonly objects: number;
}

/** A finding of check: a Violation, and the cluster it is about when the repository has Flux roots. */
export interface CheckFinding extends Violation {
  /** Absent on a repository without Flux roots, and for findings about the repository (UnreachableKustomization). */
  readonly cluster?: string;
}

/** A finding an exception in stillon.config.ts accepts, with its recorded reason. */
export interface SuppressedViolation extends CheckFinding {
  readonly reason: string;
}

/** A Flux root check found, and the sealing certificate it knows for it. */
export interface CheckedCluster {
  readonly name: string;
  /** The root folder, relative to the repository root. */
  readonly root: string;
  /** `file:line` of its `flux-system` Kustomization (gotk-sync.yaml); absent for a root found by its layout or the config. */
  readonly flux?: string;
  /** Its sealing certificate, when the repository holds it. */
  readonly certificate?: ClusterCertificate;
}

export interface CheckResult {
  readonly rootDir: string;
  readonly apps: readonly CheckedApp[];
  /** The Flux roots, by name; absent when there are none (the repository is judged as one cluster). */
  readonly clusters?: readonly CheckedCluster[];
  /** What remains after the config: sorted, at their configured severity. */
  readonly violations: readonly CheckFinding[];
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
  const docs = scanDocuments(files);
  const clusterSettings = options.clusters ?? usage(() => readClusterSettings(rootDir));
  const roots = findRoots(files, docs, conventions, clusterSettings);
  let judged: { raw: CheckFinding[]; apps: CheckedApp[]; clusters?: CheckedCluster[] };
  if (roots.length === 0) {
    const builds: BuildInfo[] = discoverTargets(files, docs, conventions).map((t) => buildTarget(files, t));
    judged = { raw: runRules(builds.flatMap((b) => b.objects), { conventions, mode: 'check', builds }, rules), apps: builds.map((b) => checkedApp(b)) };
  } else {
    judged = usage(() => judgeClusters({ rootDir, files, docs, roots, conventions, configured: clusterSettings, rules }));
  }
  const { raw, apps, clusters } = judged;

  const violations: CheckFinding[] = [];
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
  return {
    rootDir, apps, ...clusters ? { clusters } : {}, violations: violations.sort(compareFindings), suppressed: suppressed.sort(compareFindings), rules,
  };
}

interface ClusterRun {
  readonly rootDir: string;
  readonly files: RepoFiles;
  readonly docs: readonly SourceDocument[];
  readonly roots: readonly ClusterRoot[];
  readonly conventions: Conventions;
  readonly configured: Readonly<Record<string, ClusterSettings>>;
  readonly rules: readonly Rule[];
}

/**
 * Each cluster judged on its own, from its root's Flux graph (so an app on two clusters is two
 * apps that never compete), then the repository once, for the Flux files no root reaches.
 */
function judgeClusters(run: ClusterRun): { raw: CheckFinding[]; apps: CheckedApp[]; clusters: CheckedCluster[] } {
  const cache = new Map<string, BuildInfo>();
  const clusters = run.roots.map((root) => ({
    root,
    conventions: clusterConventions(run.conventions, run.configured[root.name]),
    certificate: clusterCertificate(run.rootDir, run.conventions, root.name, run.configured[root.name]),
  }));
  const graphs = clusters.map((c) => walkCluster(run.files, c.root, c.conventions, cache));
  const raw: CheckFinding[] = [];
  const apps: CheckedApp[] = [];
  clusters.forEach((c, i) => {
    const { builds } = graphs[i];
    const others = clusters.filter((o) => o !== c && o.certificate).map((o) => ({ name: o.root.name, fingerprint: o.certificate!.fingerprint }));
    const context: ClusterPolicyContext = {
      conventions: c.conventions, mode: 'check', builds, cluster: { name: c.root.name, root: c.root.path, certificate: c.certificate, others },
    };
    raw.push(...runRules(builds.flatMap((b) => b.objects), context, run.rules).map((v) => ({ ...v, cluster: c.root.name })));
    // A root found by its layout has no Kustomization in Git to point at: its stand-in's source is the folder.
    apps.push(...builds.map((b) => ({ ...checkedApp(b, c.root.name), flux: b.flux?.source === c.root.path ? undefined : b.flux?.source })));
  });
  const repository: ClusterPolicyContext = {
    conventions: run.conventions, mode: 'check', builds: [], unreachable: unreachableFluxFiles(run.docs, graphs), roots: run.roots.map((r) => r.path),
  };
  raw.push(...runRules([], repository, run.rules).map((v) => ({ ...v, app: v.app || undefined })));
  return {
    raw,
    apps,
    clusters: clusters.map((c) => ({
      name: c.root.name,
      root: c.root.path,
      ...c.root.kustomization.source !== c.root.path ? { flux: c.root.kustomization.source } : {},
      ...c.certificate ? { certificate: c.certificate } : {},
    })),
  };
}

function checkedApp(b: BuildInfo, cluster?: string): CheckedApp {
  return {
    ...cluster !== undefined ? { cluster } : {},
    name: b.app,
    path: b.path,
    flux: b.flux?.source,
    build: !b.exists ? 'missing' : b.error ? 'failed' : 'ok',
    objects: b.objects.length,
  };
}

/** By cluster (findings about the repository first), then as synth sorts. */
function compareFindings(a: CheckFinding, b: CheckFinding): number {
  return (a.cluster ?? '').localeCompare(b.cluster ?? '') || compareViolations(a, b);
}

/** Runs `f`; a StillonError from the config or a certificate is a usage error (exit 2). */
function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof StillonError) throw new CheckUsageError(error.message);
    throw error;
  }
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
