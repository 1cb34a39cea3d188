import { AppChart, AppOptions } from './app-chart';
import { StillonError } from '../errors';

/**
 * One dimension an app varies by (its cluster, or its environment) as the builder sees it: the
 * name of the variant being built and a typed way to choose a value per variant.
 */
export interface VariantSelector {
  /** The cluster (or environment) this variant is built for. @default - undefined: the app does not vary by it */
  readonly name?: string;
  /**
   * The value for this variant: `values[name]`, else `fallback` when given, else an error naming
   * the missing variant. A key that is none of the app's variants is an error too (a typo would
   * otherwise silently fall back).
   *
   * @example
   * image: env.pick({ staging: 'ghcr.io/acme/shop:sha-1a2b', production: 'ghcr.io/acme/shop:1.4.0' })
   */
  pick<T>(values: Readonly<Record<string, T>>, fallback?: T): T;
}

/** The second argument of an app's builder: which variant is being built. */
export interface AppContext {
  /** The app's name, as given to defineApp. */
  readonly app: string;
  /** The variant's name: the app's, or `<app>-<env>` in an environment. Names the Flux Kustomization and the folder. */
  readonly variant: string;
  /** The cluster being built for (repositories that declare `clusters`). */
  readonly cluster: VariantSelector;
  /** The environment being built for (apps with `environments`). */
  readonly env: VariantSelector;
}

/** Builds an app's objects inside its chart, once per variant (cluster and environment). */
export type AppBuilder = (app: AppChart, context: AppContext) => void;

const APP_DEFINITION = Symbol.for('stillon-gitops.AppDefinition');

/** What an `apps/*.ts` file default-exports. Defining an app builds nothing: synth does. */
export interface AppDefinition {
  readonly name: string;
  readonly options: AppOptions;
  readonly build: AppBuilder;
}

/**
 * Declares one app. The file `apps/<app>.ts` default-exports the result; synth discovers it.
 *
 * @example
 * export default defineApp('linkding', { description: 'Bookmark manager' }, (app) => {
 *   new StandardApp(app, 'linkding', { image: 'sissbruecker/linkding:1.36.0', port: 9090 });
 * });
 * // Rendered per environment: choremane-staging and choremane-production.
 * export default defineApp('choremane', { clusters: ['nucy'], environments: ['staging', 'production'] }, (app, { env }) => {
 *   new StandardApp(app, 'backend', { image: env.pick({ staging: 'ghcr.io/x/choremane:sha-1a2b', production: 'ghcr.io/x/choremane:1.4.0' }), port: 8080 });
 * });
 */
export function defineApp(name: string, build: AppBuilder): AppDefinition;
export function defineApp(name: string, options: AppOptions, build: AppBuilder): AppDefinition;
export function defineApp(name: string, optionsOrBuild: AppOptions | AppBuilder, maybeBuild?: AppBuilder): AppDefinition {
  const [options, build] = typeof optionsOrBuild === 'function' ? [{}, optionsOrBuild] : [optionsOrBuild, maybeBuild];
  if (typeof build !== 'function') {
    throw new TypeError(`defineApp('${name}'): the last argument must be a function (app) => { ... }`);
  }
  return { name, options, build, [APP_DEFINITION]: true } as AppDefinition;
}

/** Whether a module's default export is an app definition (and not, say, a stray helper). */
export function isAppDefinition(value: unknown): value is AppDefinition {
  return typeof value === 'object' && value !== null && (value as any)[APP_DEFINITION] === true;
}

/**
 * The selector of one dimension: `what` is `cluster` or `environment`, `name` the variant built
 * (undefined when the app does not vary by it), `names` every variant of the app in it.
 */
export function variantSelector(where: string, what: 'cluster' | 'environment', name: string | undefined, names: readonly string[]): VariantSelector {
  return {
    name,
    pick<T>(values: Readonly<Record<string, T>>, ...rest: [T?]): T {
      const hasFallback = rest.length > 0;
      const keys = Object.keys(values ?? {});
      const unknown = keys.filter((k) => !names.includes(k));
      if (unknown.length) {
        throw new StillonError('UnknownVariant', where, `pick() names the ${what}(s) ${unknown.join(', ')}, which the app does not run in (its ${what}s: ${names.join(', ') || '(none)'})`,
          `use only ${names.length ? names.join(', ') : `a ${what} of the app`} as keys, or fix the app's ${what === 'cluster' ? 'clusters' : 'environments'} option`);
      }
      if (name !== undefined && Object.prototype.hasOwnProperty.call(values, name)) return values[name];
      if (hasFallback) return rest[0] as T;
      throw new StillonError('MissingVariant', where, name === undefined
        ? `pick() by ${what}, but the app has no ${what}s and no fallback was given`
        : `pick() has no value for the ${what} '${name}' (it has: ${keys.join(', ') || '(none)'}) and no fallback`,
      name === undefined ? `pass a fallback: pick({ ... }, value), or give the app ${what === 'cluster' ? 'clusters' : 'environments'}` : `add ${name}: ... to pick(), or pass a fallback as its second argument`);
    },
  };
}
