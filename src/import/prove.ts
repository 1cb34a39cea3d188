import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kustomizeBuild } from '../check/kustomize';
import { Comparison, KubeObject, STILLON_DELIBERATE_DIFFERENCES, compareObjects } from '../compare';
import { AppDefinition, isAppDefinition } from '../constructs/define-app';
import { Conventions, sealedSecretFile } from '../conventions';
import { Severity, Violation } from '../errors';
import { Testing } from '../testing';
import { emitApp } from './emit';
import { AppModel } from './model';

/** What the proof found: synth's errors, or the comparison of both builds. */
export interface Proof {
  /** Errors of synthesizing the generated app (every rule ran); with any, there is no comparison. */
  readonly errors: Violation[];
  readonly warnings: Violation[];
  readonly comparison?: Comparison;
  /** Every file synth would write for the app (path → content). */
  readonly files: Record<string, string>;
}

/** The library this module belongs to, for the generated source to import while it is proven (src/ or dist/src/). */
const LIBRARY = path.join(__dirname, '..', 'index');

/**
 * Proves the generated app means what the original means: writes its source and its sealed
 * files to a temporary folder outside the repository, loads the source as synth loads apps
 * (the TypeScript loader, a fresh module), synthesizes it in memory with every rule, builds the
 * output with the real `kubectl kustomize`, and compares it with the original build by meaning.
 * The temporary folder is removed whatever happens; nothing else is written.
 */
export function prove(model: AppModel, original: readonly KubeObject[], flux: KubeObject | undefined, namespace: string,
  conventions: Conventions): Proof {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'stillon-import-'));
  try {
    // The generated source imports cdk8s and cdk8s-plus-28 as an app file does: from the library's own dependencies.
    fs.symlinkSync(path.dirname(path.dirname(require.resolve('cdk8s/package.json'))), path.join(staging, 'node_modules'), 'dir');
    for (const copy of model.sealed) {
      const file = path.join(staging, sealedSecretFile(conventions.paths, copy.namespace, copy.name));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, copy.bytes);
    }
    const source = path.join(staging, conventions.paths.apps, `${model.name}.ts`);
    fs.mkdirSync(path.dirname(source), { recursive: true });
    fs.writeFileSync(source, emitApp(model, LIBRARY, 'the proof'));
    let definition: AppDefinition;
    try {
      definition = load(source);
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      return { errors: [{ code: 'GeneratedAppInvalid', severity: Severity.ERROR, app: model.name, path: `${conventions.paths.apps}/${model.name}.ts`, message, fix: 'report this: import generated a file that does not load' }], warnings: [], files: {} };
    }
    const result = Testing.synth(definition, { rootDir: staging, conventions });
    const errors = result.violations.filter((v) => v.severity === Severity.ERROR);
    const warnings = result.violations.filter((v) => v.severity !== Severity.ERROR);
    if (errors.length) return { errors, warnings, files: {} };
    for (const [rel, content] of Object.entries(result.files)) {
      fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
      fs.writeFileSync(path.join(staging, rel), content);
    }
    const built = kustomizeBuild(staging, path.posix.join(conventions.paths.kustomize, model.name));
    if (!built.ok) {
      return { errors: [{ code: 'BuildFailed', severity: Severity.ERROR, app: model.name, path: `${conventions.paths.kustomize}/${model.name}`, message: built.error, fix: 'report this: the generated app does not build' }], warnings, files: {} };
    }
    const after = documents(built.yaml);
    const before = [...original];
    if (flux) {
      before.push(flux);
      after.push(...documents(result.files[path.posix.join(conventions.paths.apps, `${model.name}.yaml`)] ?? ''));
    }
    const comparison = compareObjects(before, after, { deliberate: STILLON_DELIBERATE_DIFFERENCES, namespace });
    return { errors: [], warnings, comparison, files: result.files };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The default export of a fresh module (never one cached from an earlier attempt). */
function load(file: string): AppDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated app exists only at run time
  const definition = require(file).default;
  delete require.cache[require.resolve(file)];
  if (!isAppDefinition(definition)) throw new Error(`the generated ${path.basename(file)} does not default-export an app`);
  return definition;
}

function documents(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === 'object' && o.kind);
}
