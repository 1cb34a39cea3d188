import { ConstructFinding } from './checks';
import { SealedSecret } from '../../imports/bitnami.com';
import { ANNOTATIONS } from '../conventions/keys';
import { isSecretKey } from '../conventions/names';
import { SealingScope, scopeFromAnnotations } from '../conventions/sealed-secret-scope';
import { Severity } from '../errors';
import { normalizeFingerprint } from '../seal/cluster-certificates';
import { describeMisreadKeys, misreadKeys, parseKubernetesYaml } from '../seal/yaml-strings';
import { YamlSyntaxError } from '../yaml/yaml';

/** Where a sealed file is used: the name and namespace it must unseal under. */
export interface SealedSecretExpectation {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  /** The cluster the file must be sealed for. @default - none: the one-cluster layout */
  readonly cluster?: SealingCluster;
}

/** The cluster a sealed file is read for, and what is known of the certificates around it. */
export interface SealingCluster {
  readonly name: string;
  /** Its certificate file, relative to the repository root. */
  readonly certificate: string;
  /** Its certificate's SHA-256 fingerprint. @default - unknown: the certificate file is missing or unreadable */
  readonly fingerprint?: string;
  /** Who owns each known fingerprint, e.g. `cluster a (sealed-secrets/a/cert.pem)`. @default - none known */
  readonly owners?: ReadonlyMap<string, string>;
  /** Files of the same secret sealed for other clusters, for the hint on a missing file. @default - none */
  readonly sealedElsewhere?: readonly string[];
}

export interface SealedSecretFile {
  /** The parsed object; undefined when the file is missing or unusable. */
  readonly object?: { metadata: any; spec: any };
  readonly keys: string[];
  readonly scope?: SealingScope;
  readonly problems: ConstructFinding[];
}

/**
 * Reads a SealedSecret source file and says everything wrong with it at once. Pure: the caller
 * reads the file (`text` undefined means it does not exist).
 */
export function readSealedSecretFile(text: string | undefined, expected: SealedSecretExpectation): SealedSecretFile {
  const { file, name, namespace, cluster } = expected;
  const sealHint = `stillon seal ${cluster ? `--cluster ${cluster.name} ` : ''}--namespace ${namespace} --name ${name} --from-stdin <key>`;
  if (text === undefined) return { keys: [], problems: [missingFile(expected, sealHint)] };
  // The yaml library, as Kubernetes reads the file (YAML 1.1): a plain `Y:` key is `true` there.
  const parsed = parseKubernetesYaml(text);
  const error = parsed.flatMap((d) => d.errors)[0];
  if (error) {
    const message = new YamlSyntaxError(file, error.linePos?.[0].line, error.message.split('\n')[0]).message;
    return { keys: [], problems: [{ code: 'SealedSecretMalformed', message, fix: `fix the YAML or reseal: ${sealHint}` }] };
  }
  const documents = parsed.filter((d) => d.contents !== null);
  const docs: any[] = documents.map((d) => d.toJS({ maxAliasCount: 100 }));
  const obj = docs[0];
  const problems: ConstructFinding[] = [];
  const malformed = (message: string) => problems.push({ code: 'SealedSecretMalformed', message: `${file}: ${message}`, fix: `reseal it: ${sealHint}` });
  if (docs.length !== 1 || typeof obj !== 'object' || Array.isArray(obj)) {
    malformed(`expected exactly one SealedSecret object, found ${docs.length} document(s)`);
    return { keys: [], problems };
  }
  const gvk = SealedSecret.GVK;
  if (obj.apiVersion !== gvk.apiVersion || obj.kind !== gvk.kind) {
    malformed(`expected apiVersion ${gvk.apiVersion} and kind ${gvk.kind}, got ${obj.apiVersion} ${obj.kind}`);
  }
  const encrypted = obj.spec?.encryptedData;
  if (typeof encrypted !== 'object' || encrypted === null || Array.isArray(encrypted) || Object.keys(encrypted).length === 0) {
    malformed('spec.encryptedData is missing or empty');
  } else {
    const misread = misreadKeys(documents[0], ['spec', 'encryptedData'], text);
    if (misread.length > 0) {
      problems.push({
        code: 'SealedSecretKeyNotString',
        message: `${file}: spec.encryptedData has ${describeMisreadKeys(misread)}`,
        fix: `quote the key (\`"${misread[0].written}": ...\`; the ciphertext stays valid), or delete its line and seal it again: `
          + `stillon seal --namespace ${namespace} --name ${name} --from-stdin ${misread[0].written}`,
      });
    }
    // A misread key's JavaScript name ('true', '') is not the file's: judge the others only.
    for (const [key, value] of misread.length ? [] : Object.entries(encrypted)) {
      if (!isSecretKey(key)) malformed(`key '${key}' is not a valid Secret key`);
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) malformed(`encryptedData.${key} is not base64 ciphertext`);
    }
  }
  const meta = obj.metadata ?? {};
  const scope = scopeFromAnnotations(meta.annotations);
  if (!scope) {
    problems.push({ code: 'SealedSecretScopeConflict', message: `${file} is marked both namespace-wide and cluster-wide`, fix: `reseal it with one --scope: ${sealHint}` });
  }
  const mismatch = (what: string, got: unknown, want: string) => problems.push({
    code: 'SealedSecretMismatch',
    message: `${file} has ${what} '${got ?? '(none)'}', but it is used as '${want}'${scope === SealingScope.STRICT ? ' (strict scope: the value only unseals under its own name and namespace)' : ''}`,
    fix: `move the file to the path of its name and namespace, or reseal it: ${sealHint}`,
  });
  if (meta.name !== name) mismatch('metadata.name', meta.name, name);
  if (scope !== SealingScope.CLUSTER_WIDE && meta.namespace !== namespace) mismatch('metadata.namespace', meta.namespace, namespace);
  const template = obj.spec?.template?.metadata ?? {};
  if (template.name !== undefined && template.name !== meta.name) mismatch('spec.template.metadata.name', template.name, meta.name);
  if (template.namespace !== undefined && template.namespace !== meta.namespace) mismatch('spec.template.metadata.namespace', template.namespace, meta.namespace);

  if (problems.length) return { keys: [], scope, problems };
  // A well-formed file sealed for another cluster keeps its keys and object: the one finding is whose it is.
  const sealedForOther = cluster ? sealedFor(cluster, meta.annotations?.[ANNOTATIONS.sealingCertificate], file, sealHint) : [];
  return { object: { metadata: withoutNulls(meta), spec: obj.spec }, keys: Object.keys(encrypted).sort(), scope, problems: sealedForOther };
}

function missingFile({ file, cluster }: SealedSecretExpectation, sealHint: string): ConstructFinding {
  if (!cluster) return { code: 'SealedSecretMissing', message: `${file} does not exist`, fix: `seal the secret into it: ${sealHint}` };
  const elsewhere = cluster.sealedElsewhere?.length
    ? ` (it is sealed at ${cluster.sealedElsewhere.join(', ')}, for another cluster: values sealed for one cluster do not open on another)` : '';
  return {
    code: 'SealedSecretMissing',
    message: `${file} does not exist: the app runs on cluster ${cluster.name}, which needs the secret sealed with its own certificate${elsewhere}`,
    fix: `seal the secret for cluster ${cluster.name}, once per key: ${sealHint}`,
  };
}

/**
 * A file `stillon seal` recorded as sealed with another certificate than the cluster's: its
 * controller cannot open it. Silent when it cannot tell (no record: kubeseal wrote the file; or
 * the cluster's certificate is not at hand).
 */
function sealedFor(cluster: SealingCluster, recorded: unknown, file: string, sealHint: string): ConstructFinding[] {
  if (typeof recorded !== 'string' || cluster.fingerprint === undefined) return [];
  if (normalizeFingerprint(recorded) === normalizeFingerprint(cluster.fingerprint)) return [];
  const owner = [...cluster.owners ?? []].find(([fp]) => normalizeFingerprint(fp) === normalizeFingerprint(recorded))?.[1];
  const theirs = `cluster ${cluster.name}'s certificate ${cluster.certificate} has SHA-256 ${cluster.fingerprint}`;
  if (owner) {
    return [{
      code: 'SealedForAnotherCluster',
      message: `${file} is sealed for ${owner}, SHA-256 ${recorded}; the app runs on cluster ${cluster.name}, whose controller cannot open it: ${theirs}`,
      fix: `seal it again for cluster ${cluster.name}, once per key: ${sealHint}`,
    }];
  }
  // No configured cluster has that certificate: most often this cluster's own previous one (the
  // controller renews its key every 30 days and keeps the old keys), so it warns, never fails.
  return [{
    code: 'SealedWithUnknownCertificate',
    severity: Severity.WARNING,
    message: `${file} is sealed with a certificate of SHA-256 ${recorded}, which no configured cluster has; the app runs on cluster ${cluster.name}, `
      + `whose controller opens it only if that is one of its older keys (after a key renewal): ${theirs}`,
    fix: `if the controller renewed its key, nothing breaks, and resealing records the current certificate; otherwise seal it for cluster ${cluster.name}, once per key: ${sealHint}`,
  }];
}

/** kubeseal writes `creationTimestamp: null`; the API server ignores it, so we leave it out. */
function withoutNulls(meta: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== null));
}
