import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadSealingCertificate, SealingCertificate } from './certificate';
import { normalizeFingerprint } from './cluster-certificates';
import { sealValue } from './crypto';
import { SealError } from './errors';
import {
  newSealedSecretDocument, parseSealedSecret, serializeSealedSecret, setEncryptedData, setSealingCertificate, setTemplateMetadata,
  ExistingSealedSecret, compareKeys,
} from './sealed-secret-document';
import { firstBadCharacter, SecretType, validateKeysForType, validateSecretKey, validateValueForType } from './secret-data';
import { writeFileAtomic } from './write-file';
import { STILLON_PROFILE, sealedSecretFile, sealingCertificateFile } from '../conventions/conventions';
import { isDns1123Label, isDns1123Subdomain } from '../conventions/names';
import { SealingScope, SEALED_SECRETS_ANNOTATIONS, scopeLabel } from '../conventions/sealed-secret-scope';


/** Options shared by `seal` and `sealRaw`. */
export interface SealCommonOptions {
  /** Repository root; relative paths resolve against it. */
  readonly repoRoot: string;
  /**
   * The controller's PEM certificate file, or one already loaded (the CLI loads it first, so a
   * bad certificate fails before the user types a secret).
   * @default - `sealed-secrets/cert.pem` under `repoRoot`
   */
  readonly certificate?: string | SealingCertificate;
  /** Clock for the certificate's validity check. @default - the current time */
  readonly now?: Date;
  /**
   * Folder of sealed files and of the certificate, under `repoRoot` (`paths.sealedSecrets` of
   * stillon.config.ts). @default 'sealed-secrets'
   */
  readonly sealedSecretsDir?: string;
}

/** Options of `seal`. */
export interface SealOptions extends SealCommonOptions {
  /** Namespace of the Secret. @default - the merged file's; required for a new file */
  readonly namespace?: string;
  /** Name of the Secret. @default - the merged file's; required for a new file */
  readonly name?: string;
  /** @default - the merged file's scope, else `SealingScope.STRICT`; a different explicit scope for an existing file is an error */
  readonly scope?: SealingScope;
  /** `spec.template.type`. @default - the merged file's type, else `Opaque` */
  readonly type?: SecretType;
  /** Key → plaintext value (strings as UTF-8). At least one. Never logged, never written in clear. */
  readonly values: Readonly<Record<string, Uint8Array | string>>;
  /** Labels of the Secret the controller creates. @default - none added */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Secret the controller creates. @default - none added (the scope annotation is always set) */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * SealedSecret file to add the keys to; other keys keep their ciphertext byte for byte.
   * @default - `sealed-secrets/<namespace>/<name>.yaml` when it exists, else a new file there
   */
  readonly mergeInto?: string;
  /**
   * The cluster the values are sealed for: the default file is then
   * `sealed-secrets/<cluster>/<namespace>/<name>.yaml`. The caller passes that cluster's certificate.
   * @default - none: the one-cluster path `sealed-secrets/<namespace>/<name>.yaml`
   */
  readonly cluster?: string;
  /**
   * The file to write instead of the default one, merged into when it exists (unlike
   * `mergeInto`, it may be new). @default - the default file
   */
  readonly output?: string;
  /**
   * Certificates whose owner is known, by SHA-256 fingerprint, e.g. `cluster b (sealed-secrets/b/cert.pem)`:
   * merging into a file recorded as sealed with one of them, while sealing with another
   * certificate, is refused, since its existing values would not open where the new ones do.
   * @default - none known: a recorded fingerprint is replaced (after the controller renewed its key, say)
   */
  readonly knownCertificates?: ReadonlyMap<string, string>;
}

/** What `seal` did. */
export interface SealResult {
  /** Absolute path of the written file. */
  readonly file: string;
  /** The same, relative to the repository root (forward slashes). */
  readonly relativeFile: string;
  /** True when the file did not exist before. */
  readonly created: boolean;
  readonly namespace: string;
  readonly name: string;
  readonly scope: SealingScope;
  /** Keys sealed by this call, sorted. */
  readonly sealedKeys: string[];
  /** Keys of the existing file left untouched, sorted. */
  readonly keptKeys: string[];
  readonly certificate: SealingCertificate;
  /** The cluster sealed for, when `options.cluster` was given. */
  readonly cluster?: string;
}

/** Options of `sealRaw`: one value, for pasting into a file by hand (`kubeseal --raw`). */
export interface SealRawOptions extends SealCommonOptions {
  /** @default SealingScope.STRICT */
  readonly scope?: SealingScope;
  /** Required by the strict and namespace-wide scopes. @default - none */
  readonly namespace?: string;
  /** Required by the strict scope. @default - none */
  readonly name?: string;
  readonly value: Uint8Array | string;
}

/** What `sealRaw` returns. */
export interface SealRawResult {
  /** Standard base64, as in `spec.encryptedData`. */
  readonly encrypted: string;
  readonly certificate: SealingCertificate;
}

/**
 * Seals values into a SealedSecret file the way `kubeseal` would, offline, and writes it
 * atomically. New keys are sealed; the other keys of an existing file are left byte-identical.
 * @throws SealError on bad input, an unusable certificate, or an existing file a merge would break
 */
export async function seal(options: SealOptions): Promise<SealResult> {
  const keys = Object.keys(options.values).sort(compareKeys);
  if (keys.length === 0) {
    throw new SealError('SealNoValues', 'seal', 'no value to seal', 'pass --from-literal, --from-file, --from-env-file or --from-stdin');
  }
  keys.forEach((key) => validateSecretKey(key, 'values'));
  // Before any path is built from them: a name like `../..` would point outside the folder.
  if (options.namespace !== undefined) validateObjectName('--namespace', options.namespace, isDns1123Label, 63);
  if (options.name !== undefined) validateObjectName('--name', options.name, isDns1123Subdomain, 253);
  if (options.cluster !== undefined) validateObjectName('--cluster', options.cluster, isDns1123Label, 63);
  if (options.mergeInto !== undefined && options.output !== undefined) {
    throw new SealError('SealUsage', '--output', '--output and --merge-into both name the file to write', 'pass one of them');
  }

  const defaultFile = options.namespace && options.name
    ? sealedSecretFile(sealedPaths(options), options.namespace, options.name, options.cluster) : undefined;
  const target = options.mergeInto ?? options.output ?? defaultFile;
  if (!target) {
    throw new SealError('SealMissingName', 'seal', 'a new SealedSecret needs a namespace and a name',
      'pass --namespace <ns> --name <name>, or --merge-into <existing file>');
  }
  const file = isAbsolute(target) ? target : resolve(options.repoRoot, target);
  const relativeFile = relative(options.repoRoot, file).split('\\').join('/');
  const existing = await readExisting(file, relativeFile, options.mergeInto !== undefined);

  const namespace = checkIdentity('namespace', options.namespace, existing?.namespace, relativeFile);
  const name = checkIdentity('name', options.name, existing?.name, relativeFile);
  validateObjectName(`metadata.namespace of ${relativeFile}`, namespace, isDns1123Label, 63);
  validateObjectName(`metadata.name of ${relativeFile}`, name, isDns1123Subdomain, 253);

  if (existing && options.scope && options.scope !== existing.scope) {
    throw new SealError('SealScopeConflict', relativeFile,
      `the file's values are sealed ${existing.scope}, --scope asks for ${options.scope}; all values of one SealedSecret share the scope its metadata.annotations declare`,
      'drop --scope to seal in the file\'s scope, or delete the file and seal every key again in the new scope');
  }
  if (existing && options.type && options.type !== existing.type) {
    throw new SealError('SealTypeConflict', relativeFile, `the file's Secret type is ${existing.type}, --type asks for ${options.type}`,
      'drop --type, or edit spec.template.type in the file');
  }
  const scope = existing?.scope ?? options.scope ?? SealingScope.STRICT;
  const type = existing?.type ?? options.type ?? SecretType.OPAQUE;
  validateTemplateAnnotations(options.annotations ?? {});

  const values = Object.fromEntries(keys.map((key) => [key, toBuffer(options.values[key])]));
  keys.forEach((key) => validateValueForType(type, key, values[key], relativeFile));
  const keptKeys = (existing?.keys ?? []).filter((key) => !keys.includes(key));
  validateKeysForType(type, [...keptKeys, ...keys], relativeFile);

  const certificate = loadCertificate(options);
  checkSealedFor(existing, certificate, relativeFile, options.knownCertificates);
  const label = scopeLabel(scope, namespace, name);
  const encrypted = Object.fromEntries(keys.map((key) => [key, sealValue(certificate.publicKey, values[key], label)]));

  let doc;
  if (existing) {
    doc = existing.doc;
    setEncryptedData(doc, encrypted);
    setTemplateMetadata(doc, 'labels', options.labels ?? {});
    setTemplateMetadata(doc, 'annotations', options.annotations ?? {});
    setSealingCertificate(doc, certificate.fingerprint256);
  } else {
    doc = newSealedSecretDocument({
      namespace, name, scope, type, labels: options.labels, annotations: options.annotations, sealingCertificate: certificate.fingerprint256,
    }, encrypted);
  }
  await writeOrFail(file, relativeFile, serializeSealedSecret(doc));

  const result: SealResult = { file, relativeFile, created: !existing, namespace, name, scope, sealedKeys: keys, keptKeys, certificate };
  return options.cluster === undefined ? result : { ...result, cluster: options.cluster };
}

/**
 * A file recorded as sealed with a known certificate (another cluster's) takes no values sealed
 * with a different one: half its keys would open on one controller, half on the other.
 */
function checkSealedFor(existing: ExistingSealedSecret | undefined, certificate: SealingCertificate, where: string,
  known: ReadonlyMap<string, string> | undefined): void {
  const recorded = existing?.sealingCertificate;
  if (!recorded || normalizeFingerprint(recorded) === normalizeFingerprint(certificate.fingerprint256)) return;
  const owner = [...known ?? []].find(([fp]) => normalizeFingerprint(fp) === normalizeFingerprint(recorded))?.[1];
  if (!owner) return;
  throw new SealError('SealedForAnotherCluster', where,
    `the file's values were sealed for ${owner} (SHA-256 ${recorded}), this seals with ${certificate.source} (SHA-256 ${certificate.fingerprint256})`,
    'seal into the file of the cluster this certificate belongs to (--cluster <name>), or delete the file and seal every key again');
}

/**
 * Seals one value and returns it, like `kubeseal --raw`, for a hand-written SealedSecret.
 * @throws SealError `SealMissingName` when the scope needs a namespace or name that is missing
 */
export async function sealRaw(options: SealRawOptions): Promise<SealRawResult> {
  const scope = options.scope ?? SealingScope.STRICT;
  const namespace = options.namespace ?? '';
  const name = options.name ?? '';
  checkRawTarget(scope, namespace, name);
  const certificate = loadCertificate(options);
  const encrypted = sealValue(certificate.publicKey, toBuffer(options.value), scopeLabel(scope, namespace, name));
  return { encrypted, certificate };
}

/**
 * What a raw value's label needs, as kubeseal --raw checks it: the namespace unless cluster-wide,
 * the name when strict.
 * @throws SealError `SealMissingName`, `SealInvalidName`
 */
export function checkRawTarget(scope: SealingScope, namespace: string | undefined, name: string | undefined): void {
  if (scope !== SealingScope.CLUSTER_WIDE && !namespace) {
    throw new SealError('SealMissingName', '--namespace', `--raw with --scope ${scope} needs the namespace the value is pinned to`, 'pass --namespace <ns>');
  }
  if (scope === SealingScope.STRICT && !name) {
    throw new SealError('SealMissingName', '--name', '--raw with --scope strict needs the name the value is pinned to',
      'pass --name <name>, or --scope namespace-wide');
  }
  if (namespace) validateObjectName('--namespace', namespace, isDns1123Label, 63);
  if (name) validateObjectName('--name', name, isDns1123Subdomain, 253);
}

/** Loads `options.certificate` (relative to the repository root), unless it is loaded already. */
export function loadCertificate(options: SealCommonOptions): SealingCertificate {
  if (typeof options.certificate === 'object') return options.certificate;
  const file = options.certificate ?? sealingCertificateFile(sealedPaths(options));
  return loadSealingCertificate(resolve(options.repoRoot, file), { now: options.now, displayPath: file });
}

async function readExisting(file: string, where: string, required: boolean): Promise<ExistingSealedSecret | undefined> {
  if (!existsSync(file)) {
    if (required) {
      throw new SealError('SealMergeTargetMissing', where, '--merge-into names a file that does not exist',
        'check the path, or drop --merge-into and pass --namespace and --name to create the file');
    }
    return undefined;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SealError('SealFileUnreadable', where, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})`, 'check its permissions');
  }
  return parseSealedSecret(text, where);
}

async function writeOrFail(file: string, where: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(file, content);
  } catch (e) {
    throw new SealError('SealFileUnwritable', where, `cannot write the file (${(e as NodeJS.ErrnoException).code ?? e})`,
      'check that the folder is writable and the disk is not full');
  }
}

/** The file's name/namespace win when none is passed; a different one is an error, not a silent move. */
function checkIdentity(field: 'namespace' | 'name', given: string | undefined, inFile: string | undefined, where: string): string {
  if (given && inFile && given !== inFile) {
    throw new SealError('SealNameConflict', where, `the file's metadata.${field} is ${inFile}, --${field} says ${given}`,
      `drop --${field}, or seal into another file: a strict value sealed for one ${field} does not open under another`);
  }
  const value = given ?? inFile;
  if (!value) {
    throw new SealError('SealMissingName', `--${field}`, `the ${field} of the Secret is missing`, `pass --${field} <${field}>`);
  }
  return value;
}

function sealedPaths(options: SealCommonOptions): { sealedSecrets: string } {
  return { sealedSecrets: options.sealedSecretsDir ?? STILLON_PROFILE.paths.sealedSecrets };
}

/**
 * Kubernetes would refuse the object; the check also keeps `../` out of the file path. The
 * message says what is wrong without quoting the name: it may be a value typed after the wrong flag.
 */
function validateObjectName(where: string, value: string, isValid: (name: string) => boolean, maxLength: number): void {
  if (isValid(value)) return;
  const what = where.startsWith('--') ? where.slice(2) : where.split(' ')[0];
  const allowed = maxLength === 63 ? /[-a-z0-9]/ : /[-.a-z0-9]/;
  const problem = value === '' ? 'is empty'
    : value.length > maxLength ? `is longer than ${maxLength} characters`
      : [...value].some((c) => !allowed.test(c)) ? `has ${firstBadCharacter(value, allowed)}`
        : 'must start and end with a letter or digit (each part between dots too)';
  throw new SealError('SealInvalidName', where, `the ${what} is not a valid Kubernetes name: it ${problem}`,
    `use lowercase letters, digits and '-'${maxLength === 63 ? '' : ' (and \'.\')'}, at most ${maxLength} characters, e.g. 'my-app'`);
}

/** The scope lives in --scope, so that the label and the annotations can never disagree. */
function validateTemplateAnnotations(annotations: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(annotations)) {
    if (Object.values(SEALED_SECRETS_ANNOTATIONS).includes(key as never)) {
      throw new SealError('SealScopeAnnotation', '--annotation', `${key} declares the scope`, 'use --scope instead');
    }
  }
}

function toBuffer(value: Uint8Array | string | undefined): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value ?? []);
}
