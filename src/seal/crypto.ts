import { constants, createCipheriv, KeyObject, publicEncrypt, randomBytes } from 'node:crypto';

/**
 * The sealed-secrets controller's hybrid scheme, written from its Go source
 * (`pkg/crypto/crypto.go`, `HybridEncrypt`), byte for byte:
 *
 *   uint16 big-endian length of the RSA ciphertext
 *   || RSA-OAEP(SHA-256, label)(session key)
 *   || AES-256-GCM(session key, 12 zero bytes)(plaintext) || 16-byte tag
 *
 * @see https://github.com/bitnami-labs/sealed-secrets/blob/main/docs/developer/crypto.md
 */

/** Bytes of the per-value AES-256 session key (upstream `sessionKeyBytes`). */
export const SESSION_KEY_BYTES = 32;

/**
 * GCM nonce: all zeros, of Go's standard 12-byte size. Upstream docs say "we do not use any
 * nonce"; the code uses `make([]byte, aed.NonceSize())`, i.e. 12 zero bytes. Safe only because
 * each session key encrypts exactly one value.
 */
export const GCM_NONCE = Buffer.alloc(12);

/** Bytes of the GCM authentication tag that Go's `Seal` appends to the ciphertext. */
export const GCM_TAG_BYTES = 16;

/** Largest RSA ciphertext the 2-byte length prefix can describe. */
const MAX_RSA_CIPHERTEXT_BYTES = 0xffff;

/**
 * Encrypts one value so that only the controller's private key, under the same label, opens it.
 * Every call draws a fresh session key, so sealing the same value twice gives different bytes.
 *
 * @param publicKey the controller's RSA public key (from its certificate)
 * @param plaintext the value; any bytes, empty included
 * @param label the OAEP label that pins the value to a scope (see `scopeLabel`)
 */
export function hybridEncrypt(publicKey: KeyObject, plaintext: Uint8Array, label: Uint8Array): Buffer {
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  try {
    const wrappedKey = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) },
      sessionKey,
    );
    if (wrappedKey.length > MAX_RSA_CIPHERTEXT_BYTES) {
      // Unreachable with real keys (a 4096-bit key gives 512 bytes); guards the format, not the user.
      throw new Error(`RSA ciphertext of ${wrappedKey.length} bytes does not fit the 2-byte length prefix`);
    }
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(wrappedKey.length);

    const cipher = createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE, { authTagLength: GCM_TAG_BYTES });
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([prefix, wrappedKey, body, cipher.getAuthTag()]);
  } finally {
    // The session key opens the value: keep it in memory no longer than needed.
    sessionKey.fill(0);
  }
}

/** `hybridEncrypt`, as the standard base64 that `spec.encryptedData` and `kubeseal --raw` hold. */
export function sealValue(publicKey: KeyObject, plaintext: Uint8Array, label: Uint8Array): string {
  return hybridEncrypt(publicKey, plaintext, label).toString('base64');
}
