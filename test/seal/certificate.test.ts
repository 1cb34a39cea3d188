import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_SUBJECT_CERT, FIXTURES, TEST_CERT, TEST_KEY } from './unseal';
import { describeCertificate, loadSealingCertificate, parseSealingCertificate } from '../../src/seal/certificate';

const DAY = 24 * 60 * 60 * 1000;

describe('loadSealingCertificate', () => {
  test('loads the 4096-bit RSA test certificate and describes it', () => {
    const cert = loadSealingCertificate(TEST_CERT);
    expect(cert.subject).toBe('CN=sealed-secrets-test');
    expect(cert.keyBits).toBe(4096);
    expect(cert.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(cert.warnings).toEqual([]);
    expect(describeCertificate(cert)).toBe(`sealing with ${TEST_CERT}: SHA-256 ${cert.fingerprint256}, CN=sealed-secrets-test, RSA 4096, `
      + `valid until ${cert.notAfter.toISOString()}`);
  });

  test('loads the controller\'s default certificate, whose subject is empty, and describes it by its fingerprint', () => {
    const cert = loadSealingCertificate(EMPTY_SUBJECT_CERT, { displayPath: 'cert.pem' });
    expect(cert.subject).toBe('');
    expect(cert.keyBits).toBe(4096);
    expect(describeCertificate(cert)).toBe(`sealing with cert.pem: SHA-256 ${cert.fingerprint256}, no subject, RSA 4096, valid until ${cert.notAfter.toISOString()}`);
  });

  test('warns when the certificate expires within 30 days', () => {
    const notAfter = loadSealingCertificate(TEST_CERT).notAfter;
    const cert = loadSealingCertificate(TEST_CERT, { now: new Date(notAfter.getTime() - 10 * DAY) });
    expect(cert.warnings).toEqual([expect.stringMatching(/expires in 10 day\(s\)/)]);
  });

  test('fails on an expired certificate', () => {
    expect(() => loadSealingCertificate(join(FIXTURES, 'expired-cert.pem')))
      .toThrow(/SealCertificateExpired: the certificate expired on 2021-01-01T00:00:00.000Z; fix: fetch/);
  });

  test('fails on a certificate not valid yet', () => {
    const notBefore = loadSealingCertificate(TEST_CERT).notBefore;
    expect(() => loadSealingCertificate(TEST_CERT, { now: new Date(notBefore.getTime() - DAY) }))
      .toThrow(/SealCertificateNotYetValid/);
  });

  test('fails on an EC certificate', () => {
    expect(() => loadSealingCertificate(join(FIXTURES, 'ec-cert.pem'))).toThrow(/SealCertificateNotRsa: the certificate holds a ec key/);
  });

  test('fails on a private key passed as the certificate, without echoing it', () => {
    let message = '';
    try {
      parseSealingCertificate(readFileSync(TEST_KEY), 'key.pem');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^\[key\.pem\] SealCertificateInvalid: /);
    expect(message).not.toContain('PRIVATE KEY');
  });

  test('fails on a missing file, naming it and kubeseal --fetch-cert', () => {
    expect(() => loadSealingCertificate('/nonexistent/cert.pem'))
      .toThrow(/\[\/nonexistent\/cert.pem\] SealCertificateUnreadable: .*ENOENT.*kubeseal --fetch-cert/);
  });
});
