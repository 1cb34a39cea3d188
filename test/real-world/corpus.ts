import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kustomizeBuild } from '../../src/check/kustomize';
import { Comparison, KubeObject, compareObjects, deliberateDifferences } from '../../src/compare';
import { AppDefinition } from '../../src/constructs/define-app';
import { STILLON_PROFILE } from '../../src/conventions';
import { Severity } from '../../src/errors';
import { Testing } from '../../src/testing';

/** The corpus: one folder per app with `original/` (hand-written kustomize), `flux.yaml`, `app.ts` and its sealed files. */
export const CORPUS = join(__dirname, '..', 'fixtures', 'real-world');
const REPO = join(__dirname, '..', '..');

/** Parsed documents of a multi-document YAML text, empty ones dropped. */
export function documents(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
}

function build(rootDir: string, dir: string): KubeObject[] {
  const result = kustomizeBuild(rootDir, dir);
  if (!result.ok) throw new Error(`kubectl kustomize ${join(rootDir, dir)} failed: ${result.error}`);
  return documents(result.yaml);
}

/** One corpus app, both sides built and compared. */
export interface CorpusRun {
  /** What `kubectl kustomize` of the original prints, plus its Flux Kustomization. */
  readonly original: KubeObject[];
  /** What `kubectl kustomize` of synth's output prints, plus the Flux Kustomization synth wrote. */
  readonly synthesized: KubeObject[];
  /** Every object synth wrote (the manifests and the Flux Kustomization), for schema validation. */
  readonly written: KubeObject[];
  /** Codes of synth's errors (none: the app synthesizes) and warnings. */
  readonly errors: string[];
  readonly warnings: string[];
  readonly comparison: Comparison;
}

/**
 * Synthesizes the corpus app's definition, writes the files to a temporary root, builds
 * `kustomize/<app>` there and `original/` in the corpus with the real `kubectl kustomize`, and
 * compares the two by meaning, recognising only the deliberate differences named.
 */
export function runCorpusApp(app: string, definition: AppDefinition, deliberate: readonly string[]): CorpusRun {
  const rootDir = join(CORPUS, app);
  const result = Testing.synth(definition, { rootDir, conventions: STILLON_PROFILE });
  const errors = result.violations.filter((v) => v.severity === Severity.ERROR).map((v) => `${v.code}: ${v.path} ${v.message}`);
  const warnings = result.violations.filter((v) => v.severity !== Severity.ERROR).map((v) => v.code).sort();
  const fluxFile = `apps/${definition.name}.yaml`;
  const originalFlux = parse(readFileSync(join(rootDir, 'flux.yaml'), 'utf8')) as KubeObject;
  const namespace = (originalFlux.spec as any)?.targetNamespace ?? definition.options.namespace ?? definition.name;
  const original = [...build(rootDir, 'original'), originalFlux];
  let synthesized: KubeObject[] = [];
  const written: KubeObject[] = [];
  if (errors.length === 0) {
    const out = mkdtempSync(join(tmpdir(), 'stillon-real-world-'));
    try {
      for (const [rel, content] of Object.entries(result.files)) {
        mkdirSync(dirname(join(out, rel)), { recursive: true });
        writeFileSync(join(out, rel), content);
        if (!rel.endsWith('/kustomization.yaml')) written.push(...documents(content));
      }
      synthesized = [...build(out, `kustomize/${definition.name}`), ...documents(result.files[fluxFile] ?? '')];
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  const comparison = compareObjects(original, synthesized, { deliberate: deliberateDifferences(deliberate), namespace });
  return { original, synthesized, written, errors, warnings, comparison };
}

export interface EscapeHatchCount {
  readonly rows: Array<{ file: string; jsonPatches: number; l1Objects: number }>;
  readonly total: { files: number; jsonPatches: number; l1Objects: number };
}

/** The escape hatches of the corpus definitions, as bench/count-escape-hatches.js counts them (run as a real process). */
export function escapeHatches(): EscapeHatchCount {
  const run = spawnSync(process.execPath, [join(REPO, 'bench', 'count-escape-hatches.js'), '--json'], { encoding: 'utf8', cwd: REPO });
  if (run.status !== 0) throw new Error(`count-escape-hatches failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
