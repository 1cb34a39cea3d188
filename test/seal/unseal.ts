/**
 * A test-only DECRYPTOR, written from the sealed-secrets spec and the controller's Go code
 * (pkg/crypto `HybridDecrypt`, v1alpha1 `Unseal`), independently of src/seal so that a bug in the
 * sealing code cannot hide behind the same bug here. Never imported by src/.
 */
import { constants, createDecipheriv, createHash, createPrivateKey, KeyObject, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'sealing');
export const TEST_CERT = join(FIXTURES, 'cert.pem');
export const TEST_KEY = join(FIXTURES, 'key.pem');
/** The controller's default kind of certificate: empty subject (no `--my-cn`); its key is beside it. */
export const EMPTY_SUBJECT_CERT = join(FIXTURES, 'empty-subject-cert.pem');
export const EMPTY_SUBJECT_KEY = join(FIXTURES, 'empty-subject-key.pem');

/** The private key of test/fixtures/sealing/empty-subject-cert.pem. */
export function emptySubjectPrivateKey(): KeyObject {
  return createPrivateKey(readFileSync(EMPTY_SUBJECT_KEY));
}

/**
 * SHA-256 of a PEM certificate's DER bytes as `openssl x509 -fingerprint -sha256` prints it
 * (`AB:CD:...`), computed from the bytes, independently of node's X509Certificate.
 */
export function fingerprintOf(pemFile: string): string {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(readFileSync(pemFile, 'utf8'))![1];
  return createHash('sha256').update(Buffer.from(body.replace(/\s+/g, ''), 'base64')).digest('hex').toUpperCase().match(/../g)!.join(':');
}

let cachedKey: KeyObject | undefined;
/** The private key of test/fixtures/sealing/cert.pem (a test fixture, see its README). */
export function testPrivateKey(): KeyObject {
  cachedKey ??= createPrivateKey(readFileSync(TEST_KEY));
  return cachedKey;
}

/** The OAEP label of each scope, from docs/developer/crypto.md and `EncryptionLabel`. */
export function labelFor(scope: 'strict' | 'namespace-wide' | 'cluster-wide', namespace: string, name: string): Buffer {
  if (scope === 'cluster-wide') return Buffer.alloc(0);
  if (scope === 'namespace-wide') return Buffer.from(namespace, 'utf8');
  return Buffer.from(`${namespace}/${name}`, 'utf8');
}

/** Opens one ciphertext: u16be length || RSA-OAEP-SHA256(key, label) || AES-256-GCM(zero nonce) || tag. Throws when it does not open. */
export function hybridDecrypt(data: Buffer, label: Buffer, key: KeyObject = testPrivateKey()): Buffer {
  if (data.length < 2) throw new Error('too short');
  const rsaLength = data.readUInt16BE(0);
  if (data.length < 2 + rsaLength + 16) throw new Error('too short');
  const sessionKey = privateDecrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    data.subarray(2, 2 + rsaLength),
  );
  if (sessionKey.length !== 32) throw new Error(`session key of ${sessionKey.length} bytes`);
  const sealed = data.subarray(2 + rsaLength);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

/** `hybridDecrypt` of a base64 `encryptedData` value; rejects anything but strict standard base64. */
export function unsealValue(base64: string, label: Buffer, key?: KeyObject): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new Error('not standard base64');
  return hybridDecrypt(Buffer.from(base64, 'base64'), label, key);
}

/**
 * What the controller would do with a SealedSecret file: label from the SealedSecret's own
 * metadata (name, namespace, scope annotations), then open every `encryptedData` value.
 * `as` lets a test rename or move the object first, as a user editing the file would.
 */
export function unsealDocument(text: string, as: { name?: string; namespace?: string; key?: KeyObject } = {}): Record<string, Buffer> {
  // YAML 1.1, as the controller reads the file: a key `Y` written plain would come back as `true`.
  const obj = parse(text, { version: '1.1' });
  const annotations = obj.metadata?.annotations ?? {};
  const scope = annotations['sealedsecrets.bitnami.com/cluster-wide'] === 'true' ? 'cluster-wide'
    : annotations['sealedsecrets.bitnami.com/namespace-wide'] === 'true' ? 'namespace-wide' : 'strict';
  const label = labelFor(scope, as.namespace ?? obj.metadata.namespace, as.name ?? obj.metadata.name);
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(obj.spec.encryptedData as Record<string, string>)) out[k] = unsealValue(v, label, as.key);
  return out;
}
