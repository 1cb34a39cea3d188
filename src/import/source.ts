import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isFluxKustomization, isRemote, kustomizationRefs, scanDocuments } from '../check/discover';
import { kustomizeBuild } from '../check/kustomize';
import { KUSTOMIZATION_FILES, RepoFiles } from '../check/repo-files';
import { KubeObject } from '../compare';
import { isDns1123Label } from '../conventions/names';
import { StillonError } from '../errors';
import { isOurs } from '../synth/layout';

/** One hand-written app to import: a kustomize folder, and the Flux Kustomization that applied it (if known). */
export interface ImportSource {
  /** The app name the import gives it (the Flux Kustomization's name, or the folder's). */
  readonly app: string;
  /** Absolute path of the kustomize folder. */
  readonly dir: string;
  /** The Flux Kustomization, parsed, when the import started from one. */
  readonly flux?: KubeObject;
  /** Absolute path of the file holding the Flux Kustomization. */
  readonly fluxFile?: string;
}

/** The kustomization file of a folder (kustomize's own names, in its order), if any. */
export function kustomizationFileIn(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

/**
 * What `stillon import <path>` imports: a kustomize folder (an overlay too), a file with Flux
 * Kustomizations (each one's `spec.path`, resolved from the nearest folder above where it exists),
 * or a repository (every Flux Kustomization in it, as `stillon check` finds them).
 */
export function resolveSources(input: string, app?: string): ImportSource[] {
  const abs = path.resolve(input);
  if (!fs.existsSync(abs)) throw new StillonError('ImportPathMissing', input, 'no such file or folder', 'pass a kustomize folder, a Flux Kustomization file or a repository');
  const stat = fs.statSync(abs);
  let sources: ImportSource[];
  if (stat.isFile()) sources = fromFluxFile(abs, input);
  else if (kustomizationFileIn(abs)) sources = [{ app: folderAppName(abs), dir: abs }];
  else sources = fromRepository(abs, input);
  if (app !== undefined) {
    if (sources.length !== 1) {
      throw new StillonError('AmbiguousApp', input, `--app names one app, but ${input} holds ${sources.length}: ${sources.map((s) => s.app).join(', ')}`,
        'import a single folder or Flux Kustomization file with --app, or drop --app');
    }
    sources = [{ ...sources[0], app }];
  }
  for (const s of sources) {
    if (!isDns1123Label(s.app)) {
      throw new StillonError('InvalidName', s.fluxFile ?? s.dir, `app name '${s.app}' is not a DNS-1123 label`, 'pass --app <name> with a lower-case name');
    }
  }
  return sources;
}

/** The folder's name; an overlay (`<app>/overlays/<env>`) is `<app>-<env>`. */
function folderAppName(dir: string): string {
  const base = path.basename(dir);
  const parent = path.basename(path.dirname(dir));
  return parent === 'overlays' ? `${path.basename(path.dirname(path.dirname(dir)))}-${base}` : base;
}

function fromFluxFile(file: string, input: string): ImportSource[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((m) => isFluxKustomization(m));
  if (!docs.length) {
    throw new StillonError('NoFluxKustomization', input, 'the file holds no Flux Kustomization (kustomize.toolkit.fluxcd.io)', 'pass the file of the Flux Kustomization, or the kustomize folder itself');
  }
  return docs.map((flux) => {
    const specPath = String(flux.spec?.path ?? './');
    // Flux resolves spec.path from the root of its source: the nearest folder above holding it.
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, specPath);
      if (fs.existsSync(candidate) && kustomizationFileIn(candidate)) {
        return { app: String(flux.metadata?.name), dir: candidate, flux, fluxFile: file };
      }
      if (path.dirname(dir) === dir) break;
    }
    throw new StillonError('FluxPathMissing', `${input} (${flux.metadata?.name})`, `spec.path ${specPath} holds no kustomization in any folder above the file`,
      'pass the kustomize folder itself, or run import from a checkout where spec.path exists');
  });
}

function fromRepository(root: string, input: string): ImportSource[] {
  const files = new RepoFiles(root);
  const sources: ImportSource[] = [];
  // Our own output (apps/<app>.yaml synth wrote) is already adopted: only hand-written Kustomizations are imported.
  const ours = new Set(files.files.filter((f) => /\.ya?ml$/i.test(f) && isOurs(fs.readFileSync(path.join(root, f), 'utf8'))));
  for (const doc of scanDocuments(files).filter((d) => isFluxKustomization(d.manifest) && !ours.has(d.file))) {
    const dir = path.join(root, String(doc.manifest.spec?.path ?? './'));
    if (!kustomizationFileIn(dir)) continue;
    // The repository's own root Kustomization (flux-system, apps/) lists the others: not an app.
    if (path.resolve(dir) === path.resolve(root) || doc.manifest.metadata?.namespace === 'flux-system' && doc.manifest.metadata?.name === 'flux-system') continue;
    sources.push({ app: String(doc.manifest.metadata?.name), dir, flux: doc.manifest, fluxFile: path.join(root, doc.file) });
  }
  if (!sources.length) {
    throw new StillonError('NothingToImport', input, 'no kustomization.yaml here and no Flux Kustomization whose spec.path holds one',
      'pass a kustomize folder, a Flux Kustomization file, or a repository with Flux Kustomizations');
  }
  return sources.sort((a, b) => a.app.localeCompare(b.app));
}

/**
 * Refuses a remote base before kustomize fetches it: the import runs offline, and what a URL
 * points at today is not what the app will mean tomorrow. Walks every local kustomization the
 * folder reaches.
 */
export function checkNoRemoteBases(dir: string, seen = new Set<string>()): void {
  const file = kustomizationFileIn(dir);
  if (!file || seen.has(file)) return;
  seen.add(file);
  const manifest = parseAllDocuments(fs.readFileSync(file, 'utf8'))[0]?.toJS() ?? {};
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  for (const ref of [...strings(manifest.resources), ...strings(manifest.bases), ...strings(manifest.components)]) {
    if (isRemote(ref)) {
      throw new StillonError('RemoteBase', file, `the kustomization names the remote base ${ref}; import runs offline and never fetches it`,
        'copy the base into the repository (e.g. vendor/<name>/), point the kustomization at the copy, and import again');
    }
  }
  for (const ref of kustomizationRefs(manifest)) {
    const target = path.resolve(dir, ref);
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) checkNoRemoteBases(target, seen);
  }
}

/** `kubectl kustomize` of the folder, parsed; a failed build is an error naming the folder. */
export function buildOriginal(source: ImportSource): KubeObject[] {
  checkNoRemoteBases(source.dir);
  const result = kustomizeBuild(path.dirname(source.dir), path.basename(source.dir));
  if (!result.ok) throw new StillonError('BuildFailed', source.dir, `kubectl kustomize failed: ${result.error}`, 'fix the kustomization until `kubectl kustomize` builds it, then import again');
  return parseAllDocuments(result.yaml).map((d) => d.toJS()).filter((o) => o && typeof o === 'object' && o.kind);
}
