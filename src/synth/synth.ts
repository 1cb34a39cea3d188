import { Conventions } from '../conventions';
import { LoadedApp, buildApp } from './build';
import { discoverAppFiles, loadApps } from './discover';
import { Layout, markdownHeaderFor, sourcesOf } from './layout';
import { RenderedApp, policyObjects, renderApp, renderFiles } from './render';
import { WritePlan, applyPlan, planChanges, planWrite } from './write';
import { loadConventions } from '../conventions/load-config';
import { renderInventory } from '../inventory/inventory';
import { runRules } from '../policy/runner';
import { Severity, StillonError, Violation, compareViolations } from '../policy/violation';

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
  const layout = new Layout(conventions);
  const loaded = options.apps
    ? { apps: [...options.apps], violations: [] }
    : loadApps(rootDir, discoverAppFiles(rootDir, conventions));
  violations.push(...loaded.violations);
  const selected = options.app === undefined ? undefined : loaded.apps.find((a) => a.definition.name === options.app);
  if (options.app !== undefined && !selected) {
    return fail([{ code: 'UnknownApp', severity: Severity.ERROR, app: options.app, message: `no app named '${options.app}' in ${conventions.paths.apps}/*.ts`, fix: `pick one of: ${loaded.apps.map((a) => a.definition.name).join(', ') || '(none)'}` }]);
  }

  const rendered: RenderedApp[] = [];
  for (const app of loaded.apps) {
    const built = buildApp(app, { conventions, rootDir });
    const result = renderApp(built, layout);
    if (result) rendered.push(result);
    else violations.push(...built.violations);
  }
  for (const app of rendered) violations.push(...app.violations);
  violations.push(...runRules(rendered.flatMap(policyObjects), { conventions }));
  if (hasErrors(violations)) return fail();

  let files = renderFiles(rendered, layout, loaded.apps.map((a) => a.definition.name).sort());
  const inventory = inventoryFile(rendered, layout, conventions);
  if (inventory.violation) return fail([inventory.violation]);
  files.set(layout.inventoryFile(), inventory.content!);
  let inScope = (_rel: string, _content: string) => true;
  if (selected) {
    const ownedBySelected = (content: string) => sourcesOf(content).includes(selected.sourceFile);
    // Like the list of Flux Kustomizations, the inventory covers every app: every app was just
    // built and validated, so it is rewritten in full (an app added with `--app` shows up in it).
    const shared = [layout.fluxKustomization(), layout.inventoryFile()];
    files = new Map([...files].filter(([rel, content]) => ownedBySelected(content) || shared.includes(rel)));
    inScope = (_rel, content) => ownedBySelected(content);
  }
  const plan = planWrite(rootDir, files, layout.outputDirs(), inScope);
  for (const rel of plan.foreign) {
    violations.push({ code: 'ForeignFile', severity: Severity.ERROR, path: rel, message: `${rel} exists and was not written by stillon-gitops (it has no generated header)`, fix: 'move it away or delete it yourself, then run synth again; synth never overwrites a file it does not own' });
  }
  if (plan.pvcRemovals.length && !options.allowPvcRemoval && !options.check) {
    violations.push({
      code: 'PvcRemoval',
      severity: Severity.ERROR,
      path: plan.pvcRemovals.join(', '),
      message: `synth would delete the claim file(s) ${plan.pvcRemovals.join(', ')}; the claims stay in the cluster (prune is disabled on them) but leave Git, and a renamed claim starts empty`,
      fix: 'restore the ProtectedPvc (same name), or pass --allow-pvc-removal once you have moved or backed up the data',
    });
  }
  if (hasErrors(violations)) return { ...fail(), plan };
  const wrote = !options.check && planChanges(plan);
  if (wrote) applyPlan(rootDir, plan);
  return { violations: violations.sort(compareViolations), plan, apps: rendered, wrote };
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
  });
  return { content: markdownHeaderFor([sources]) + body };
}
