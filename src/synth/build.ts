import { App } from 'cdk8s';
import { AppChart } from '../constructs/app-chart';
import { AppDefinition, variantSelector } from '../constructs/define-app';
import { Conventions } from '../conventions';
import { Severity, StillonError, Violation } from '../policy/violation';
import { runChecks } from '../private/checks';

/** An app definition and the file it came from. */
export interface LoadedApp {
  readonly definition: AppDefinition;
  /** Relative to the repository root, e.g. `apps/linkding.ts`. */
  readonly sourceFile: string;
}

export interface BuildContext {
  readonly conventions: Conventions;
  readonly rootDir: string;
}

/** How one variant differs from the app as defined (see variants.ts). */
export interface VariantBuild {
  /** The variant's conventions: refined by its cluster and environment. */
  readonly conventions: Conventions;
  readonly cluster?: string;
  readonly environment?: string;
  readonly clusters: readonly string[];
  readonly environments: readonly string[];
  /** Flux Kustomizations it depends on (its cluster's platform). */
  readonly platformDependencies: readonly string[];
  /** A platform app waits for its objects unless it says otherwise. */
  readonly platform: boolean;
}

/** An app's construct tree, or why it could not be built. */
export interface BuiltApp {
  readonly loaded: LoadedApp;
  readonly variant?: VariantBuild;
  readonly chart?: AppChart;
  readonly violations: Violation[];
}

/**
 * Builds one app in its own cdk8s App, so that validating it costs the same however many apps
 * the repository has. Bad props throw in constructors (StillonError); facts known only once the
 * app is complete come from deferred checks. Both become Violations: nothing throws out of here.
 */
export function buildApp(loaded: LoadedApp, context: BuildContext, variant?: VariantBuild): BuiltApp {
  const { definition, sourceFile } = loaded;
  const { clusters: _clusters, environments: _environments, ...options } = definition.options;
  const conventions = variant?.conventions ?? context.conventions;
  const flux = variant?.platform && options.flux?.wait === undefined ? { ...options.flux, wait: true } : options.flux;
  try {
    const chart = new AppChart(new App(), definition.name, {
      ...options,
      ...flux ? { flux } : {},
      conventions,
      rootDir: context.rootDir,
      sourceFile,
    });
    for (const dependency of variant?.platformDependencies ?? []) chart.flux.dependOn(dependency);
    const where = chart.instanceName;
    definition.build(chart, {
      app: definition.name,
      variant: chart.instanceName,
      cluster: variantSelector(where, 'cluster', variant?.cluster, variant?.clusters ?? []),
      env: variantSelector(where, 'environment', variant?.environment, variant?.environments ?? []),
    });
    return { loaded, variant, chart, violations: runChecks(chart, definition.name) };
  } catch (error) {
    return { loaded, variant, violations: [errorToViolation(error, definition.name, sourceFile)] };
  }
}

/** A thrown error as a Violation; a StillonError keeps its code, anything else names the source file. */
export function errorToViolation(error: unknown, app: string | undefined, sourceFile: string): Violation {
  if (error instanceof StillonError) return error.toViolation(app);
  const e = error as Error;
  const at = /\((\/[^)]*apps\/[^)]*)\)/.exec(e?.stack ?? '')?.[1];
  return {
    code: 'AppBuildFailed',
    severity: Severity.ERROR,
    app,
    path: sourceFile,
    message: `${e?.message ?? String(error)}${at ? ` (at ${at})` : ''}`,
    fix: `fix the error in ${sourceFile}`,
  };
}
