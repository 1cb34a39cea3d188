import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conventions, clusterConventions, clusterNames } from '../conventions';
import { LoadedApp, buildApp } from './build';
import { placeVariants } from './cluster-layout';
import { discoverAppFiles, loadApps } from './discover';
import { Layout, isOurs, markdownHeaderFor, sourcesOf, validatePaths } from './layout';
import { lostClaims } from './lost-claims';
import { RenderedApp, policyObjects, renderApp, renderFiles } from './render';
import { expandVariants } from './variants';
import { WritePlan, applyPlan, planChanges, planWrite } from './write';
import { loadConventions } from '../conventions/load-config';
import { renderInventory } from '../inventory/inventory';
import { runRules } from '../policy/runner';
import { Severity, StillonError, Violation, compareViolations } from '../policy/violation';
import { readTextIfExists } from '../private/files';
import { parseYamlDocuments } from '../yaml/yaml';

export interface SynthOptions {
  /** Repository root. */
  readonly rootDir: string;
  /** Write only this app's files (all apps are still built and validated together). @default - every app */
  readonly app?: string;
  /** Write nothing; report how the committed output differs. @default false */
  readonly check?: boolean;
  /** Let synth delete the file of a PersistentVolumeClaim it generated before. @default false */
  readonly allowPvcRemoval?: boolean;
  /** Apps to synthesize instead of discovering `apps/*.ts` (tests). @default - discovered */
  readonly apps?: readonly LoadedApp[];
  /** Conventions instead of `stillon.config.ts` (tests). @default - loaded from the root */
  readonly conventions?: Conventions;
}

/** Everything a synth run found and did. */
export interface SynthResult {
  /** Errors and warnings, sorted. Any error means nothing was written. */
  readonly violations: Violation[];
  /** What synth would write; absent when validation failed. */
  readonly plan?: WritePlan;
  /** The rendered apps (for reports such as the inventory). */
  readonly apps: RenderedApp[];
  /** Whether files were written or removed. */
  readonly wrote: boolean;
}

export function hasErrors(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === Severity.ERROR);
}

/**
 * discover → build → validate → render → plan → write. Every violation is collected before
 * anything is written; when there is any error, not one byte on disk changes.
 */
export function synth(options: SynthOptions): SynthResult {
  const { rootDir } = options;
  const violations: Violation[] = [];
  const fail = (more: Violation[] = []): SynthResult => ({ violations: [...violations, ...more].sort(compareViolations), apps: [], wrote: false });

  let conventions: Conventions;
  try {
    conventions = options.conventions ?? loadConventions(rootDir);
  } catch (error) {
    if (error instanceof StillonError) return fail([error.toViolation()]);
    throw error;
  }
  // Before any app is loaded: a path leading out of the repository is never read or written.
  const badPaths = validatePaths(rootDir, conventions);
  if (badPaths.length) return fail(badPaths);
  const layout = new Layout(conventions);
  const loaded = options.apps
    ? { apps: [...options.apps], violations: [] }
    : loadApps(rootDir, discoverAppFiles(rootDir, conventions));
  violations.push(...loaded.violations);
  const selected = options.app === undefined ? undefined : loaded.apps.find((a) => a.definition.name === options.app);
  if (options.app !== undefined && !selected) {
    return fail([{ code: 'UnknownApp', severity: Severity.ERROR, app: options.app, message: `no app named '${options.app}' in ${conventions.paths.apps}/*.ts`, fix: `pick one of: ${loaded.apps.map((a) => a.definition.name).join(', ') || '(none)'}` }]);
  }

  const variants = expandVariants(loaded.apps, conventions);
  violations.push(...variants.violations);
  let rendered: RenderedApp[] = [];
  for (const variant of variants.variants) {
    const built = buildApp(variant.loaded, { conventions, rootDir }, variant);
    const result = renderApp(built, layout);
    if (result) rendered.push(result);
    else violations.push(...built.violations);
  }
  for (const app of rendered) violations.push(...app.violations);
  // Per cluster, with its conventions: the same app on two clusters serves its host twice, once on each.
  const clusters: (string | undefined)[] = conventions.clusters ? clusterNames(conventions) : [undefined];
  for (const cluster of clusters) {
    const objects = rendered.filter((a) => a.cluster === cluster).flatMap(policyObjects);
    violations.push(...runRules(objects, { conventions: cluster === undefined ? conventions : clusterConventions(conventions, cluster) }));
  }
  dedupe(violations);
  if (hasErrors(violations)) return fail();
  rendered = placeVariants(rendered, layout);

  // `--app` changes one app's entries of the Flux lists and no other: dropping an app whose source
  // is gone (Flux would then prune it) or listing one never synthesized is a full synth's job,
  // which guards its claims.
  const fluxLists = new Map<string | undefined, string[]>();
  for (const cluster of clusters) {
    const names = rendered.filter((a) => a.cluster === cluster).map((a) => a.name).sort();
    fluxLists.set(cluster, selected
      ? fluxListForOneApp(rootDir, layout, cluster, selected.sourceFile,
        rendered.filter((a) => a.cluster === cluster && a.sourceFile === selected.sourceFile).map((a) => a.name))
      : names);
  }
  const { files: allFiles, collisions, listings } = renderFiles(rendered, layout, fluxLists);
  if (collisions.length) return fail(collisions.map((rel) => collision(rel)));
  let files = allFiles;
  const inventory = inventoryFile(rendered, layout, conventions);
  if (inventory.violation) return fail([inventory.violation]);
  if (files.has(layout.inventoryFile())) return fail([collision(layout.inventoryFile())]);
  files.set(layout.inventoryFile(), inventory.content!);
  let inScope = (_rel: string, _content: string) => true;
  if (selected) {
    const ownedBySelected = (content: string) => sourcesOf(content).includes(selected.sourceFile);
    // Like the list of Flux Kustomizations, the inventory covers every app: every app was just
    // built and validated, so it is rewritten in full (an app added with `--app` shows up in it).
    const shared = [...[...fluxLists.keys()].map((c) => layout.fluxKustomization(c)), layout.inventoryFile()];
    files = new Map([...files].filter(([rel, content]) => ownedBySelected(content) || shared.includes(rel)));
    inScope = (_rel, content) => ownedBySelected(content);
  }
  const plan = planWrite(rootDir, files, layout.outputDirs(), inScope);
  for (const rel of plan.foreign) {
    violations.push({ code: 'ForeignFile', severity: Severity.ERROR, path: rel, message: `${rel} exists and was not written by stillon-gitops (it has no generated header)`, fix: 'move it away or delete it yourself, then run synth again; synth never overwrites a file it does not own' });
  }
  if (!options.allowPvcRemoval) violations.push(...lostClaims(plan, conventions));
  violations.push(...danglingResources(rootDir, plan, listings));
  violations.push(...plan.blocked);
  if (hasErrors(violations)) return { ...fail(), plan };
  const wrote = !options.check && planChanges(plan);
  try {
    // Also without changes: it removes temporary files a killed synth left.
    if (!options.check) applyPlan(rootDir, plan);
  } catch (error) {
    if (error instanceof StillonError) return { ...fail([error.toViolation()]), plan }; // WriteFailed: the tree is as it was
    throw error;
  }
  return { violations: violations.sort(compareViolations), plan, apps: rendered, wrote };
}

/** The same finding from several variants of one app (on two clusters, say) is reported once. */
function dedupe(violations: Violation[]): void {
  const seen = new Set<string>();
  const kept = violations.filter((v) => {
    const key = JSON.stringify([v.code, v.app, v.path, v.message, v.object]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  violations.splice(0, violations.length, ...kept);
}

function collision(rel: string): Violation {
  return {
    code: 'OutputPathCollision',
    severity: Severity.ERROR,
    path: rel,
    message: `two outputs would be written to ${rel}; one would silently replace the other`,
    fix: 'give the objects or apps distinct names, or set paths in stillon.config.ts so that no two outputs share a file',
  };
}

/**
 * A cluster's Flux list as committed, with the entries of the app in `sourceFile` replaced by
 * `own` (its variants now): what `--app` may write.
 */
function fluxListForOneApp(rootDir: string, layout: Layout, cluster: string | undefined, sourceFile: string, own: readonly string[]): string[] {
  const file = layout.fluxKustomization(cluster);
  const text = readTextIfExists(path.join(rootDir, file));
  const listed = new Set<string>(own);
  if (text !== undefined && isOurs(text)) {
    for (const resource of kustomizationResources(file, text)) {
      const name = resource.replace(/\.yaml$/, '');
      const fluxText = readTextIfExists(path.join(rootDir, path.posix.dirname(file), resource));
      // The app's own entries are `own`: a variant it no longer has leaves the list with its file.
      if (fluxText !== undefined && !(isOurs(fluxText) && sourcesOf(fluxText).includes(sourceFile))) listed.add(name);
    }
  }
  return [...listed].sort();
}

/** The `resources:` of a kustomization file; none when it does not parse. */
function kustomizationResources(file: string, text: string): string[] {
  try {
    const resources = (parseYamlDocuments(text, file)[0] as any)?.resources;
    return Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/** A kustomization synth writes that lists a file which would not exist: Flux could not build it. */
function danglingResources(rootDir: string, plan: WritePlan, listings: ReadonlyMap<string, readonly string[]>): Violation[] {
  const removed = new Set(plan.remove);
  const violations: Violation[] = [];
  for (const [rel, resources] of listings) {
    if (!plan.files.has(rel)) continue;
    for (const resource of resources) {
      const target = path.posix.join(path.posix.dirname(rel), resource);
      const exists = plan.files.has(target) || (!removed.has(target) && fs.existsSync(path.join(rootDir, target)));
      if (exists) continue;
      violations.push({
        code: 'DanglingResource',
        severity: Severity.ERROR,
        path: rel,
        message: `${rel} would list ${resource}, which synth does not write and which does not exist; Flux could not build it`,
        fix: 'run a full `stillon synth` (without --app); if that fails the same way, report it as a bug',
      });
    }
  }
  return violations;
}

/** `docs/apps.md`: the inventory of every rendered app, with our header as an HTML comment. */
function inventoryFile(rendered: readonly RenderedApp[], layout: Layout, conventions: Conventions): { content?: string; violation?: Violation } {
  const file = layout.inventoryFile();
  if (!file.endsWith('.md') || file.startsWith('../') || file.startsWith('/')) {
    return {
      violation: {
        code: 'InvalidInventoryPath',
        severity: Severity.ERROR,
        path: 'stillon.config.ts',
        message: `paths.inventory must be a Markdown file inside the repository, got '${conventions.paths.inventory}'`,
        fix: "set paths: { inventory: 'docs/apps.md' } or another relative .md path",
      },
    };
  }
  const sources = `${conventions.paths.apps}/*.ts`;
  const body = renderInventory(rendered, {
    file,
    fluxIndex: layout.fluxKustomization(),
    rootSource: conventions.flux.sourceRef,
    sources,
    ...conventions.clusters ? { clusterIndexes: Object.fromEntries(clusterNames(conventions).map((c) => [c, layout.fluxKustomization(c)])) } : {},
  });
  return { content: markdownHeaderFor([sources]) + body };
}
