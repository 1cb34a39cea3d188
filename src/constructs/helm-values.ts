// The values of a HelmRelease: plain JSON, and never a credential. A HelmRelease is committed
// as it is, so a password typed into its values is plaintext in Git; chart values that need one
// take it from a Secret through `valuesFrom` (HelmChart), which the sealed-secrets controller fills.
import { StillonError } from '../errors';
import { couldBeSecretValue, credentialIn, isSecretName } from '../policy/rules/secret-patterns';

/** A JSON value, as Helm reads values. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object: chart values, `{ controller: { replicaCount: 1 } }`. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * Keys that name a Secret, or a key inside one, rather than hold a credential: charts spell them
 * `existingSecret`, `auth.existingSecretPasswordKey`, `tls.secretName`, `passwordSecretRef`,
 * `tokenKey`. Matched on the whole key, ignoring case. A bare `...Secret` is not among them:
 * `clientSecret`, `cookieSecret` and `jwtSecret` hold one.
 */
const NAMES_A_SECRET = /^existing|(secretname|secretref|secretkeyref|passwordkey|tokenkey)$/i;

/** `passwordFile` → `password_File`: the policy's name heuristics expect separators before suffixes (`_FILE`). */
function snake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

/** Whether a key announces a credential value (`adminPassword`, `apiToken`), and does not merely name one. */
function isCredentialKey(key: string): boolean {
  return isSecretName(snake(key)) && !NAMES_A_SECRET.test(key);
}

/**
 * Throws InvalidHelmValues on anything that is not JSON, and SecretInHelmValues on a value that
 * looks like a credential: a key named like one with a literal value, an `{ name, value }` env
 * entry named like one, or a string that holds a known token, a private key or a URL with a
 * password. The message names the path and what was found, never the value.
 */
export function checkHelmValues(values: unknown, where: string): void {
  walk(values, 'values', where);
}

function walk(value: unknown, path: string, where: string): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'string') {
      const found = credentialIn(value);
      if (found) throw secretIn(path, found, where);
    }
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(path, String(value), where);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, where));
    return;
  }
  if (typeof value !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    throw invalid(path, value === undefined ? 'undefined' : typeof value === 'object' ? `a ${value!.constructor?.name ?? 'class'} instance` : `a ${typeof value}`, where);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const record = value as Record<string, unknown>;
  // An env list in values: `extraEnv: [{ name: 'DB_PASSWORD', value: '...' }]`.
  if (typeof record.name === 'string' && isCredentialKey(record.name) && couldBeSecretValue(record.value)) {
    throw secretIn(`${path}.value`, `a literal value for '${record.name}'`, where);
  }
  for (const [key, child] of entries) {
    const childPath = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
    if (isCredentialKey(key) && couldBeSecretValue(child)) throw secretIn(childPath, 'a literal value', where);
    walk(child, childPath, where);
  }
}

function secretIn(path: string, found: string, where: string): StillonError {
  return new StillonError('SecretInHelmValues', where,
    `${path} holds ${found}: a HelmRelease is committed as it is, so the value would be plaintext in Git`,
    "seal it (stillon seal) and pass it with valuesFrom: [{ secret: sealedRef, valuesKey: '<key>', targetPath: '<path in values>' }], then rotate it; "
    + 'a value that is no credential goes the same way from an AppConfigMap ({ configMap, valuesKey, targetPath })');
}

function invalid(path: string, got: string, where: string): StillonError {
  return new StillonError('InvalidHelmValues', where, `${path} must be JSON (string, number, boolean, null, array or plain object), got ${got}`,
    'pass plain data; a computed value must be computed before it is passed');
}
