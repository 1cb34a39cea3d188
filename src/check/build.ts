import { AppTarget, localRefs } from './discover';
import { kustomizeBuild } from './kustomize';
import { RepoFiles, isYamlFile } from './repo-files';
import { SourceDocument, isKubernetesObject, parseYamlWithLines, readYamlDocuments } from './yaml-source';
import { BuildError, BuildInfo, PolicyObject } from '../policy/rule';
import { YamlSyntaxError } from '../yaml/yaml';

interface Built {
  readonly objects: PolicyObject[];
  readonly error?: BuildError;
}

/** Builds one target as Flux would: kubectl kustomize where there is a kustomization, Flux's generator elsewhere. */
export function buildTarget(files: RepoFiles, target: AppTarget): BuildInfo {
  const base = { app: target.app, path: target.path ?? '(outside the repository)', flux: target.flux, owner: target.owner };
  if (target.path === undefined || !files.isDir(target.path)) return { ...base, exists: false, objects: [] };
  const built = files.kustomizationIn(target.path) ? buildKustomization(files, target.app, target.path) : buildPlain(files, target.app, target.path);
  return { ...base, exists: true, ...built };
}

/**
 * Flux's generator for a folder without kustomization.yaml: every Kubernetes object in every
 * .yaml/.yml below it; a sub-folder with its own kustomization is built with kustomize instead.
 */
function buildPlain(files: RepoFiles, app: string, dir: string): Built {
  const under = files.filesUnder(dir);
  const subKustomizations = [...new Set(under.map((f) => f.slice(0, f.lastIndexOf('/'))))]
    .filter((d) => d !== dir && files.kustomizationIn(d))
    .filter((d, _i, all) => !all.some((other) => other !== d && d.startsWith(`${other}/`)));
  const inSub = (file: string) => subKustomizations.some((d) => file.startsWith(`${d}/`));
  const objects: PolicyObject[] = [];
  let error: BuildError | undefined;
  for (const file of under.filter((f) => isYamlFile(f) && !inSub(f))) {
    try {
      for (const doc of readYamlDocuments(files.rootDir, file)) {
        if (isKubernetesObject(doc.manifest)) objects.push(toObject(app, `${doc.file}:${doc.line}`, doc.manifest));
      }
    } catch (e) {
      error ??= yamlError(e);
    }
  }
  for (const sub of subKustomizations) {
    const built = buildKustomization(files, app, sub);
    objects.push(...built.objects);
    error ??= built.error;
  }
  return { objects, error };
}

/** `kubectl kustomize`, after checking that every local file it reads parses (kustomize's own YAML errors name no line). */
function buildKustomization(files: RepoFiles, app: string, dir: string): Built {
  const kustomizationFile = files.kustomizationIn(dir)!;
  const index: SourceDocument[] = [];
  const visited = new Set<string>();
  const visit = (file: string): BuildError | undefined => {
    if (visited.has(file)) return undefined;
    visited.add(file);
    let docs: SourceDocument[];
    try {
      docs = readYamlDocuments(files.rootDir, file);
    } catch (e) {
      return yamlError(e);
    }
    index.push(...docs.filter((d) => isKubernetesObject(d.manifest) && !/(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(d.file)));
    if (/(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(file)) {
      for (const ref of localRefs(files, file)) {
        const next = files.isDir(ref) ? files.kustomizationIn(ref) : files.isFile(ref) && isYamlFile(ref) ? ref : undefined;
        const error = next && visit(next);
        if (error) return error;
      }
    }
    return undefined;
  };
  const parseError = visit(kustomizationFile);
  if (parseError) return { objects: [], error: parseError };

  const result = kustomizeBuild(files.rootDir, dir);
  if (!result.ok) return { objects: [], error: { kind: 'build', message: result.error, where: kustomizationFile } };
  const objects = parseYamlWithLines(result.yaml, `${dir} (built)`)
    .filter((d) => isKubernetesObject(d.manifest))
    .map((d) => toObject(app, sourceOf(d.manifest, index) ?? kustomizationFile, d.manifest));
  return { objects };
}

/**
 * The file and line an object of a build came from: the document of the same kind and name, or
 * the one whose name the built name contains (a namePrefix/nameSuffix), the longest first.
 */
function sourceOf(manifest: any, index: readonly SourceDocument[]): string | undefined {
  const name = String(manifest.metadata?.name ?? '');
  const sameKind = index.filter((d) => d.manifest.kind === manifest.kind && typeof d.manifest.metadata?.name === 'string');
  const exact = sameKind.find((d) => d.manifest.metadata.name === name);
  const doc = exact ?? sameKind
    .filter((d) => name.includes(d.manifest.metadata.name))
    .sort((a, b) => b.manifest.metadata.name.length - a.manifest.metadata.name.length)[0];
  return doc && `${doc.file}:${doc.line}`;
}

function toObject(app: string, source: string, manifest: any): PolicyObject {
  return { app, source, manifest, fluxManaged: true };
}

function yamlError(e: unknown): BuildError {
  if (e instanceof YamlSyntaxError) {
    return { kind: 'yaml', message: e.message.replace(/:\s*$/, ''), where: e.line ? `${e.file}:${e.line}` : e.file };
  }
  return { kind: 'yaml', message: (e as Error).message };
}
