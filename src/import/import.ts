import * as fs from 'node:fs';
import * as path from 'node:path';
import { Difference, KubeObject } from '../compare';
import { Conventions, sealedSecretFile } from '../conventions';
import { StillonError, Violation } from '../errors';
import { emitApp } from './emit';
import { mapApp } from './map';
import { AppModel, objectKey } from './model';
import { PlaintextFinding, findPlaintext } from './plaintext';
import { Proof, prove } from './prove';
import { findSealedFiles } from './sealed-files';
import { ImportSource, buildOriginal } from './source';
import { libraryImport } from '../scaffold/scaffold';

/** kustomize's generator suffix (see src/compare). */
const GENERATED_SUFFIX = /-[bcdfghkmt2456789]{10}$/;

/** One app's import, proven, not written yet. */
export interface ImportedApp {
  readonly source: ImportSource;
  readonly namespace: string;
  /** Stopped before mapping: plaintext in the original (nothing of it is copied anywhere). */
  readonly plaintext: PlaintextFinding[];
  readonly model?: AppModel;
  readonly proof?: Proof;
  /** Objects written through RawObject, and why. */
  readonly raw: Map<string, string>;
  /** The files import writes (path relative to the root → bytes): apps/<app>.ts and the sealed copies. */
  readonly files: Map<string, Buffer>;
  /** The original files the user may remove after review. */
  readonly originals: string[];
}

/** Differences the proof could not explain by a named convention. */
export function unexplained(app: ImportedApp): Difference[] {
  return app.proof?.comparison?.unexplained ?? [];
}

export function importErrors(app: ImportedApp): Violation[] {
  return app.proof?.errors ?? [];
}

/** Whether the app may be written: no plaintext, synth passes, and every difference named (or accepted). */
export function importable(app: ImportedApp, acceptDifferences: boolean): boolean {
  return !app.plaintext.length && !!app.proof && !app.proof.errors.length && (acceptDifferences || !unexplained(app).length);
}

/**
 * Builds the original, refuses plaintext, maps it, and proves the mapping; a typed part that
 * differs from the original in something no convention explains (or fails synth) is mapped
 * again through RawObject, so the app still means what it meant. Writes nothing.
 */
export function importApp(source: ImportSource, rootDir: string, conventions: Conventions): ImportedApp {
  const objects = buildOriginal(source);
  const namespace = String((source.flux?.spec as any)?.targetNamespace ?? commonNamespace(objects) ?? source.app);
  const base = { source, namespace, raw: new Map<string, string>(), files: new Map<string, Buffer>(), originals: originalsOf(source, rootDir) };
  const plaintext = findPlaintext(objects, source.app, namespace);
  if (plaintext.length) return { ...base, plaintext };
  const sealedFiles = findSealedFiles(source.dir, namespace);
  const forceRaw = new Map<string, string>();
  let model: AppModel | undefined;
  let proof: Proof | undefined;
  let reasons = new Map<string, string>();
  for (let attempt = 0; attempt < 4; attempt++) {
    ({ model, reasons } = mapApp({ app: source.app, namespace, conventions, objects, flux: source.flux, sealedFiles, forceRaw }));
    proof = prove(model, objects, source.flux, namespace, conventions);
    const more = partsToUnwrap(model, proof, objects);
    if (!more.size) break;
    for (const [key, reason] of more) forceRaw.set(key, reason);
  }
  const files = new Map<string, Buffer>();
  files.set(path.posix.join(conventions.paths.apps, `${source.app}.ts`),
    Buffer.from(emitApp(model!, libraryImport(rootDir, conventions.paths.apps), displayPath(source, rootDir))));
  for (const copy of model!.sealed) files.set(sealedSecretFile(conventions.paths, copy.namespace, copy.name), copy.bytes);
  return { ...base, plaintext, model, proof, raw: reasons, files };
}

/**
 * Typed parts the proof rejected: every object of a part with an unexplained difference, or
 * whose construct failed synth, with the first finding as the reason for writing it raw.
 */
function partsToUnwrap(model: AppModel, proof: Proof, objects: readonly KubeObject[]): Map<string, string> {
  const out = new Map<string, string>();
  const keyOf = (kind: string, name: string) => {
    const o = objects.find((x) => x.kind === kind && (x.metadata?.name === name || String(x.metadata?.name).replace(GENERATED_SUFFIX, '') === name));
    return o ? objectKey(o) : `${kind}/${name}`;
  };
  const flagged = new Map<string, string>();
  for (const d of proof.comparison?.unexplained ?? []) {
    const key = keyOf(d.kind, d.name);
    if (!flagged.has(key)) flagged.set(key, `the typed mapping differed in ${d.path || 'the object'} (${d.aspect}, ${d.change})`);
  }
  for (const v of proof.errors) {
    const id = String(v.path ?? '').split('/')[1];
    const part = model.parts.find((p) => p.typed && p.id === id);
    if (part) for (const key of part.objects) if (!flagged.has(key)) flagged.set(key, `the typed mapping failed synth: ${v.code}`);
  }
  for (const part of model.parts.filter((p) => p.typed && !p.objects[0].startsWith('SealedSecret/'))) {
    const hit = part.objects.map((k) => flagged.get(k)).find((r) => r !== undefined);
    if (hit) for (const key of part.objects) out.set(key, hit);
  }
  return out;
}

function commonNamespace(objects: readonly KubeObject[]): string | undefined {
  const namespaces = [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => !!n))];
  return namespaces.length === 1 ? namespaces[0] : undefined;
}

function displayPath(source: ImportSource, rootDir: string): string {
  const rel = path.relative(rootDir, source.fluxFile ?? source.dir);
  return rel && !rel.startsWith('..') ? rel : source.fluxFile ?? source.dir;
}

/** The folder, its Flux Kustomization file, and every sealed file the import copied: what the user deletes after review. */
function originalsOf(source: ImportSource, rootDir: string): string[] {
  const rel = (p: string) => {
    const r = path.relative(rootDir, p);
    return r && !r.startsWith('..') ? r : p;
  };
  return [rel(source.dir) + '/', ...(source.fluxFile ? [rel(source.fluxFile)] : [])];
}

/**
 * Refuses to write over anything: `apps/<app>.ts` must not exist; a sealed file may exist only
 * with the very bytes import would write (then it is left alone).
 */
export function checkTargets(app: ImportedApp, rootDir: string): Map<string, Buffer> {
  const write = new Map<string, Buffer>();
  for (const [rel, bytes] of app.files) {
    const abs = path.join(rootDir, rel);
    const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (!stat) {
      write.set(rel, bytes);
      continue;
    }
    if (rel.endsWith('.ts')) {
      throw new StillonError('AppExists', rel, `${rel} exists already; import never replaces an app file`, `remove or rename ${rel}, or import under another name with --app <name>`);
    }
    if (!stat.isFile() || !fs.readFileSync(abs).equals(bytes)) {
      throw new StillonError('SealedFileExists', rel, `${rel} exists with other content than the original's sealed file`, `compare it with ${app.model?.sealed.find((s) => rel.endsWith(`/${s.name}.yaml`))?.from}, keep the right one, and import again`);
    }
  }
  return write;
}

