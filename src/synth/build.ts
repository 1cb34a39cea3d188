import { App } from 'cdk8s';
import { AppChart } from '../constructs/app-chart';
import { AppDefinition } from '../constructs/define-app';
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

/** An app's construct tree, or why it could not be built. */
export interface BuiltApp {
  readonly loaded: LoadedApp;
  readonly chart?: AppChart;
  readonly violations: Violation[];
}

/**
 * Builds one app in its own cdk8s App, so that validating it costs the same however many apps
 * the repository has. Bad props throw in constructors (StillonError); facts known only once the
 * app is complete come from deferred checks. Both become Violations: nothing throws out of here.
 */
export function buildApp(loaded: LoadedApp, context: BuildContext): BuiltApp {
  const { definition, sourceFile } = loaded;
  try {
    const chart = new AppChart(new App(), definition.name, {
      ...definition.options,
      conventions: context.conventions,
      rootDir: context.rootDir,
      sourceFile,
    });
    definition.build(chart);
    return { loaded, chart, violations: runChecks(chart, definition.name) };
  } catch (error) {
    return { loaded, violations: [errorToViolation(error, definition.name, sourceFile)] };
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
