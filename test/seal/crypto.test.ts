import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hybridDecrypt, labelFor, TEST_CERT, unsealValue } from './unseal';
import { SealingScope, scopeLabel } from '../../src/conventions/sealed-secret-scope';
import { hybridEncrypt, sealValue } from '../../src/seal/crypto';

const publicKey = new X509Certificate(readFileSync(TEST_CERT)).publicKey;
const SCOPES = [SealingScope.STRICT, SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE] as const;

describe('hybridEncrypt', () => {
  test('lays out u16 length, a 512-byte RSA block for a 4096-bit key, then ciphertext and 16-byte tag', () => {
    const out = hybridEncrypt(publicKey, Buffer.from('hello'), Buffer.from('ns/app'));
    expect(out.readUInt16BE(0)).toBe(512);
    expect(out.length).toBe(2 + 512 + 5 + 16);
  });

  test('the scope labels are the ones the test decryptor derives from the spec', () => {
    for (const scope of SCOPES) expect(scopeLabel(scope, 'ns', 'app')).toEqual(labelFor(scope, 'ns', 'app'));
  });

  test.each(SCOPES)('every value opens under its %s label', (scope) => {
    const label = scopeLabel(scope, 'ns', 'app');
    const values = [Buffer.alloc(0), randomBytes(257), Buffer.from('päss wörd\n\0', 'utf8'), randomBytes(1024 * 1024)];
    for (const value of values) {
      expect(unsealValue(sealValue(publicKey, value, label), label).equals(value)).toBe(true);
    }
  });

  test('a fresh session key every call: the same value seals to different bytes', () => {
    const a = sealValue(publicKey, Buffer.from('same'), Buffer.from('ns/app'));
    const b = sealValue(publicKey, Buffer.from('same'), Buffer.from('ns/app'));
    expect(a).not.toBe(b);
  });

  test('fails to open a strict value under another name or namespace', () => {
    const sealed = sealValue(publicKey, Buffer.from('s3cret'), scopeLabel(SealingScope.STRICT, 'ns', 'app'));
    expect(() => unsealValue(sealed, labelFor('strict', 'ns', 'other'))).toThrow();
    expect(() => unsealValue(sealed, labelFor('strict', 'other', 'app'))).toThrow();
    expect(() => unsealValue(sealed, labelFor('namespace-wide', 'ns', 'app'))).toThrow();
    expect(() => unsealValue(sealed, labelFor('cluster-wide', 'ns', 'app'))).toThrow();
  });

  test('a namespace-wide value survives a rename but not a move', () => {
    const sealed = sealValue(publicKey, Buffer.from('s3cret'), scopeLabel(SealingScope.NAMESPACE_WIDE, 'ns', 'app'));
    expect(unsealValue(sealed, labelFor('namespace-wide', 'ns', 'renamed')).toString()).toBe('s3cret');
    expect(() => unsealValue(sealed, labelFor('namespace-wide', 'elsewhere', 'app'))).toThrow();
  });

  test('a cluster-wide value opens in any namespace under any name', () => {
    const sealed = sealValue(publicKey, Buffer.from('s3cret'), scopeLabel(SealingScope.CLUSTER_WIDE, 'ns', 'app'));
    expect(unsealValue(sealed, labelFor('cluster-wide', 'other', 'thing')).toString()).toBe('s3cret');
  });

  test('fails to open a tampered ciphertext (GCM tag)', () => {
    const label = Buffer.from('ns/app');
    const out = hybridEncrypt(publicKey, Buffer.from('s3cret'), label);
    out[out.length - 20] = 255 - out[out.length - 20];
    expect(() => hybridDecrypt(out, label)).toThrow();
  });
});
