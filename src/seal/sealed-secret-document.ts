import { Document, isMap, isScalar, parseAllDocuments, YAMLMap } from 'yaml';
import { SealError } from './errors';
import { describeMisreadKeys, misreadKeys, parseKubernetesYaml, quoteAmbiguousStrings, stringNode } from './yaml-strings';
import { ANNOTATIONS } from '../conventions/keys';
import { SealingScope, scopeAnnotations, scopeFromAnnotations } from '../conventions/sealed-secret-scope';

/**
 * apiVersion and kind of a SealedSecret. The generated `SealedSecret.GVK` (imports/bitnami.com.ts)
 * holds the same literals, but importing it loads cdk8s, which `stillon seal` must not pay for;
 * a test checks the two agree.
 */
export const SEALED_SECRET_GVK = { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' } as const;

/** What a new SealedSecret holds besides its ciphertexts. */
export interface SealedSecretShape {
  readonly namespace: string;
  readonly name: string;
  readonly scope: SealingScope;
  /** `spec.template.type`, the type of the Secret the controller creates. */
  readonly type: string;
  /** `spec.template.metadata.labels`. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** `spec.template.metadata.annotations`, besides the scope annotation. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * SHA-256 fingerprint of the certificate the values were sealed with, recorded in
   * `metadata.annotations` (`stillon.top/sealing-certificate`). @default - none recorded
   */
  readonly sealingCertificate?: string;
}

/** A SealedSecret file read back, with the facts a merge must respect. */
export interface ExistingSealedSecret {
  readonly doc: Document;
  readonly namespace: string;
  readonly name: string;
  /** Scope the existing values were sealed under, as the controller reads it (metadata.annotations). */
  readonly scope: SealingScope;
  /** `spec.template.type`; the API server's default `Opaque` when absent. */
  readonly type: string;
  /** Keys of `spec.encryptedData`. */
  readonly keys: string[];
  /** The fingerprint `stillon seal` recorded (`stillon.top/sealing-certificate`); undefined in a file kubeseal wrote. */
  readonly sealingCertificate?: string;
}

/** Byte order, as Go sorts map keys: the same on every machine, unlike `localeCompare`. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareKeys(a, b)));
}

/**
 * A new SealedSecret in the shape kubeseal writes: keys in alphabetical order at every level
 * (Go's YAML encoder sorts them), scope annotations on both `metadata` (the controller reads the
 * label from there when unsealing) and `spec.template.metadata` (kubeseal copies the input Secret's
 * metadata there). kubeseal's `creationTimestamp: null` lines are left out: they carry nothing.
 */
export function newSealedSecretDocument(shape: SealedSecretShape, encryptedData: Readonly<Record<string, string>>): Document {
  const scopeAnno = scopeAnnotations(shape.scope);
  const templateAnnotations = sortedRecord({ ...shape.annotations, ...scopeAnno });
  const templateMetadata: Record<string, unknown> = {};
  if (Object.keys(templateAnnotations).length > 0) templateMetadata.annotations = templateAnnotations;
  if (shape.labels && Object.keys(shape.labels).length > 0) templateMetadata.labels = sortedRecord(shape.labels);
  templateMetadata.name = shape.name;
  templateMetadata.namespace = shape.namespace;

  // The fingerprint goes on the SealedSecret only: the controller copies the template's
  // metadata, not this, into the Secret it creates.
  const metadataAnnotations = sortedRecord({
    ...scopeAnno,
    ...(shape.sealingCertificate ? { [ANNOTATIONS.sealingCertificate]: shape.sealingCertificate } : {}),
  });
  const metadata: Record<string, unknown> = {};
  if (Object.keys(metadataAnnotations).length > 0) metadata.annotations = metadataAnnotations;
  metadata.name = shape.name;
  metadata.namespace = shape.namespace;

  const doc = new Document({
    ...SEALED_SECRET_GVK,
    metadata,
    spec: {
      encryptedData: sortedRecord(encryptedData),
      template: { metadata: templateMetadata, type: shape.type },
    },
  });
  // A key `Y` or a namespace `on` written plain is a boolean to the controller (YAML 1.1).
  quoteAmbiguousStrings(doc);
  return doc;
}

/**
 * Parses a SealedSecret file for a merge. Refuses anything a merge could silently break: several
 * documents, another kind, a missing name, or scope annotations that disagree.
 */
export function parseSealedSecret(text: string, where: string): ExistingSealedSecret {
  const fail = (detail: string, fix = 'fix the file by hand, or delete it and seal every key again'): never => {
    throw new SealError('SealInvalidExistingFile', where, detail, fix);
  };
  // Facts (names, scope, keys) as the controller reads them, YAML 1.1; edits go to the document
  // as written (YAML 1.2, the yaml library's default), which keeps every other line byte for byte.
  const facts = parseKubernetesYaml(text);
  if (facts.length !== 1) fail(`expected one YAML document, found ${facts.length}`);
  const error = facts[0].errors[0];
  if (error) fail(`not valid YAML at line ${error.linePos?.[0].line ?? '?'} (${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`);
  const doc = parseAllDocuments(text)[0] as Document;

  const obj = facts[0].toJS({ maxAliasCount: 100 }) as Record<string, any> | null;
  if (obj?.apiVersion !== SEALED_SECRET_GVK.apiVersion || obj?.kind !== SEALED_SECRET_GVK.kind) {
    fail(`expected apiVersion ${SEALED_SECRET_GVK.apiVersion}, kind ${SEALED_SECRET_GVK.kind}; got ${obj?.apiVersion}, ${obj?.kind}`);
  }
  const name = obj!.metadata?.name;
  const namespace = obj!.metadata?.namespace;
  if (typeof name !== 'string' || typeof namespace !== 'string') fail('metadata.name and metadata.namespace must both be set, as strings');
  if (obj!.spec?.data !== undefined) {
    fail('spec.data holds a whole Secret sealed as one blob (the deprecated v1 format), single keys cannot be merged into it',
      'seal every key again into a new file');
  }

  const encrypted = obj!.spec?.encryptedData ?? {};
  if (typeof encrypted !== 'object' || Array.isArray(encrypted)) fail('spec.encryptedData must be a map of key to ciphertext');
  const misread = misreadKeys(facts[0], ['spec', 'encryptedData'], text);
  if (misread.length > 0) {
    fail(`spec.encryptedData has ${describeMisreadKeys(misread)}`,
      'quote the key by hand (`"Y": ...`; its ciphertext stays valid), or delete its line and seal the key again');
  }
  for (const [key, value] of Object.entries(encrypted)) {
    if (typeof value !== 'string') fail(`spec.encryptedData.${key} is not a string`);
  }

  // The controller derives the label from metadata.annotations; kubeseal's Scope() reads the
  // template's. Upstream writes both, so a difference means a hand edit that breaks unsealing.
  const scope = scopeFromAnnotations(obj!.metadata?.annotations);
  const templateScope = scopeFromAnnotations(obj!.spec?.template?.metadata?.annotations);
  if (scope === undefined || templateScope === undefined) fail('both the namespace-wide and the cluster-wide annotations are set');
  if (scope !== templateScope) {
    fail(`metadata.annotations say ${scope}, spec.template.metadata.annotations say ${templateScope}`,
      'make the two agree with the scope the values were sealed in (the controller uses metadata.annotations)');
  }

  return {
    doc,
    namespace,
    name,
    scope: scope!,
    type: typeof obj!.spec?.template?.type === 'string' ? obj!.spec.template.type : 'Opaque',
    keys: Object.keys(encrypted).sort(compareKeys),
    sealingCertificate: typeof obj!.metadata?.annotations?.[ANNOTATIONS.sealingCertificate] === 'string'
      ? obj!.metadata.annotations[ANNOTATIONS.sealingCertificate] : undefined,
  };
}

/**
 * Adds or replaces `spec.encryptedData` entries in place. Other entries keep their YAML nodes,
 * so their ciphertext (and any comment next to it) stays byte for byte what it was.
 */
export function setEncryptedData(doc: Document, values: Readonly<Record<string, string>>): void {
  setStrings(doc, ['spec', 'encryptedData'], values);
}

/** Adds or replaces template labels or annotations, as `kubeseal --merge-into` does. */
export function setTemplateMetadata(doc: Document, field: 'labels' | 'annotations', values: Readonly<Record<string, string>>): void {
  if (Object.keys(values).length === 0) return;
  setStrings(doc, ['spec', 'template', 'metadata', field], values);
}

/**
 * Records the certificate a merge sealed with (`stillon.top/sealing-certificate` in
 * `metadata.annotations`), replacing an older one: the file then says which controller opens it.
 */
export function setSealingCertificate(doc: Document, fingerprint256: string): void {
  const metadata = doc.get('metadata', true);
  if (isMap(metadata) && !metadata.has('annotations')) {
    // First in metadata, where Go's sorted encoder (kubeseal) puts `annotations`.
    metadata.items.unshift(doc.createPair('annotations', doc.createNode({})));
  }
  setStrings(doc, ['metadata', 'annotations'], { [ANNOTATIONS.sealingCertificate]: fingerprint256 });
}

/** Sets string entries of the map at `path` (created when missing), quoted where a reader would misread them, then sorts it. */
function setStrings(doc: Document, path: string[], values: Readonly<Record<string, string>>): void {
  if (!isMap(doc.getIn(path, true))) doc.setIn(path, doc.createNode({}));
  const map = doc.getIn(path, true) as YAMLMap;
  for (const [key, value] of Object.entries(values)) {
    const pair = map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
    if (pair) pair.value = stringNode(value);
    else map.items.push(doc.createPair(stringNode(key), stringNode(value)));
  }
  sortMapIn(doc, path);
}

function sortMapIn(doc: Document, path: string[]): void {
  const node = doc.getIn(path, true);
  if (!isMap(node)) return;
  const keyText = (k: unknown) => String(isScalar(k) ? k.value : k);
  (node as YAMLMap).items.sort((a, b) => compareKeys(keyText(a.key), keyText(b.key)));
}

/**
 * The file's text. No generated-file header: a sealed file is a user source, edited by
 * `stillon seal` and by hand, never pruned. Long base64 values stay on one line.
 */
export function serializeSealedSecret(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}
