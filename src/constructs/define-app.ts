import { AppChart, AppOptions } from './app-chart';

/** Builds an app's objects inside its chart. */
export type AppBuilder = (app: AppChart) => void;

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
