import * as path from 'node:path';
import { AppDefinition } from '../constructs/define-app';
import { Conventions } from '../conventions';
import { loadConventions } from '../conventions/load-config';
import { StillonError, Violation } from '../errors';
import { Layout, sourcesOf } from '../synth/layout';
import { hasErrors, synth } from '../synth/synth';

/** Options of `Testing.synth`. */
export interface TestingSynthOptions {
  /**
   * The repository root: where `stillon.config.ts` and the sealed files the app reads are found.
   * @default process.cwd() (jest runs in the folder of package.json)
   */
  readonly rootDir?: string;
  /** Conventions instead of the root's `stillon.config.ts`. @default - loaded from `rootDir` */
  readonly conventions?: Conventions;
  /** Only the files of the app's variant(s) on this cluster. @default - every cluster the app runs on */
  readonly cluster?: string;
  /** Only the files of the app's variant(s) in this environment. @default - every environment */
  readonly environment?: string;
}

/** One app as synth would write it. */
export interface TestingSynthResult {
  /** Every file synth would write for the app, path relative to the root → content, sorted by path. */
  readonly files: Record<string, string>;
  /** Every error and warning of the app (every rule ran), sorted. With any error, `files` is empty (synth would write nothing). */
  readonly violations: Violation[];
}

/**
 * Helpers for the user's own tests. A snapshot test of one app is three lines:
 *
 * @example
 * import { Testing } from 'stillon-gitops';
 * import app from '../../apps/gitea';
 * test('gitea', () => expect(Testing.synth(app)).toMatchSnapshot());
 */
export class Testing {
  /**
   * Synthesizes one app through the same pipeline as `stillon synth` (build, every rule, the
   * conventions of `stillon.config.ts`, render, the checks against files on disk) and writes
   * nothing. The files are the app's own: the Flux list and the inventory cover every app and
   * are left out, so that adding an app changes no other app's snapshot.
   */
  public static synth(definition: AppDefinition, options: TestingSynthOptions = {}): TestingSynthResult {
    const rootDir = path.resolve(options.rootDir ?? process.cwd());
    let conventions: Conventions;
    try {
      conventions = options.conventions ?? loadConventions(rootDir);
    } catch (error) {
      if (error instanceof StillonError) return { files: {}, violations: [error.toViolation()] };
      throw error;
    }
    // The file synth would discover the app in: `stillon new` names it after the app.
    const sourceFile = path.posix.join(conventions.paths.apps, `${definition.name}.ts`);
    const result = synth({ rootDir, app: definition.name, check: true, apps: [{ definition, sourceFile }], conventions });
    const files: Record<string, string> = {};
    if (hasErrors(result.violations)) return { files, violations: result.violations };
    let own = [...result.plan!.files].filter(([, content]) => sourcesOf(content).includes(sourceFile));
    if (options.cluster !== undefined || options.environment !== undefined) {
      const variants = result.apps.filter((a) => (options.cluster === undefined || a.cluster === options.cluster)
        && (options.environment === undefined || a.environment === options.environment));
      if (!variants.length) {
        const have = result.apps.map((a) => [a.cluster, a.environment].filter(Boolean).join('/') || a.name).join(', ');
        return {
          files,
          violations: [new StillonError('UnknownVariant', definition.name, `the app has no variant ${[options.cluster, options.environment].filter(Boolean).join('/')} (it has: ${have})`,
            'pass a cluster and environment the app runs in, or neither').toViolation(definition.name)],
        };
      }
      const layout = new Layout(conventions);
      const wanted = new Set(variants.flatMap((a) => [
        ...a.objects.map((o) => o.path), path.posix.join(a.dir, 'kustomization.yaml'), layout.namespaceFile(a.namespace, a.cluster),
      ]));
      own = own.filter(([rel]) => wanted.has(rel));
    }
    for (const [rel, content] of own.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files[rel] = content;
    return { files, violations: result.violations };
  }

  private constructor() {}
}
