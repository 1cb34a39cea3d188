import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppDefinition, isAppDefinition } from '../constructs/define-app';
import { Conventions } from '../conventions';
import { LoadedApp, errorToViolation } from './build';
import { explainDns1123Label, isDns1123Label } from '../conventions/names';
import { Severity, Violation } from '../policy/violation';

/** `apps/*.ts`, sorted, relative to the root: adding a file adds an app. */
export function discoverAppFiles(rootDir: string, conventions: Conventions): string[] {
  const dir = path.join(rootDir, conventions.paths.apps);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('.'))
    .sort()
    .map((f) => path.posix.join(conventions.paths.apps, f));
}

export interface LoadResult {
  readonly apps: LoadedApp[];
  readonly violations: Violation[];
}

/**
 * Imports each app file and takes its default export. Importing builds nothing (defineApp only
 * records the callback), so loading every app to learn the names is cheap.
 */
export function loadApps(rootDir: string, files: readonly string[]): LoadResult {
  const apps: LoadedApp[] = [];
  const violations: Violation[] = [];
  for (const sourceFile of files) {
    const base = path.posix.basename(sourceFile, '.ts');
    if (!isDns1123Label(base)) {
      // The file name goes into every generated header, and headers decide which files an app owns.
      violations.push({
        code: 'InvalidAppFileName',
        severity: Severity.ERROR,
        path: sourceFile,
        message: `the app file name ${explainDns1123Label(base)}`,
        fix: `rename it to a DNS-1123 name such as ${path.posix.join(path.posix.dirname(sourceFile), `${suggestedName(base)}.ts`)} (the name of the app it defines is a good choice)`,
      });
      continue;
    }
    let definition: AppDefinition;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- app files are only known at run time
      definition = require(path.join(rootDir, sourceFile)).default;
    } catch (error) {
      violations.push(errorToViolation(error, undefined, sourceFile));
      continue;
    }
    if (!isAppDefinition(definition)) {
      violations.push({
        code: 'NoAppDefinition',
        severity: Severity.ERROR,
        path: sourceFile,
        message: `${sourceFile} does not default-export an app`,
        fix: "end it with `export default defineApp('<name>', (app) => { ... })`",
      });
      continue;
    }
    apps.push({ definition, sourceFile });
  }
  const byName = new Map<string, string[]>();
  for (const app of apps) byName.set(app.definition.name, [...byName.get(app.definition.name) ?? [], app.sourceFile]);
  for (const [name, sources] of byName) {
    if (sources.length > 1) {
      violations.push({
        code: 'DuplicateApp',
        severity: Severity.ERROR,
        app: name,
        path: sources.join(', '),
        message: `app '${name}' is defined by ${sources.length} files: ${sources.join(', ')}`,
        fix: 'rename one of the apps (names are unique: they name the kustomize folder and the Flux Kustomization)',
      });
    }
  }
  return { apps: apps.filter((a) => byName.get(a.definition.name)!.length === 1), violations };
}

/** A DNS-1123 label close to `name`: lower case, runs of anything else turned into one `-`. */
function suggestedName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'app';
}
