import { maskDescribe, maskSecrets } from '../../src/mcp/mask';
import { scrub } from '../../src/mcp/seal-tool';

const VALUE = 's3cret-value';
const B64 = Buffer.from(VALUE).toString('base64');

describe('maskSecrets', () => {
  test('masks data, stringData and last-applied-configuration of a Secret, keeping keys and sizes', () => {
    const secret = { kind: 'Secret', metadata: { name: 'x', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"k":"${B64}"}}`, 'other': 'kept' } }, data: { k: B64 }, stringData: { s: VALUE }, type: 'Opaque' };
    const masked = maskSecrets(secret);
    expect(masked.data).toEqual({ k: '(masked: 12 bytes)' });
    expect(masked.stringData).toEqual({ s: '(masked: 12 bytes)' });
    expect(masked.metadata.annotations.other).toBe('kept');
    expect(JSON.stringify(masked)).not.toContain(B64);
    expect(JSON.stringify(masked)).not.toContain(VALUE);
    expect(secret.data.k).toBe(B64); // a copy: the input is left alone
  });

  test('masks Secrets at any depth: List items, nested Lists, SecretList items without kind', () => {
    const nested = { kind: 'List', items: [{ kind: 'List', items: [{ kind: 'Secret', data: { k: B64 } }] }, { kind: 'SecretList', items: [{ data: { k: B64 } }] }] };
    expect(JSON.stringify(maskSecrets(nested))).not.toContain(B64);
  });

  test('leaves a ConfigMap and every other object as they are', () => {
    const config = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { mode: 'debug' } };
    expect(maskSecrets({ kind: 'List', items: [config] })).toEqual({ kind: 'List', items: [config] });
  });

  test('a data field that is not a map is masked whole', () => {
    expect(maskSecrets({ kind: 'Secret', data: B64 }).data).toMatch(/^\(masked: \d+ bytes\)$/);
  });
});

describe('maskDescribe', () => {
  test('keeps `key: N bytes` lines of a Secret and masks any other line of its Data section', () => {
    const text = ['Name: x', 'Type:  Opaque', '', 'Data', '====', 'k:  12 bytes', `leak: ${VALUE}`, ''].join('\n');
    const masked = maskDescribe(text);
    expect(masked).toContain('k:  12 bytes');
    expect(masked).not.toContain(VALUE);
  });
});

describe('scrub (seal_secret\'s last guard)', () => {
  test('replaces every value and its base64 in strings and keys at any depth', () => {
    const out = JSON.stringify(scrub({ a: `x ${VALUE} y`, b: [{ c: B64 }], [VALUE]: 1 }, [VALUE]));
    expect(out).not.toContain(VALUE);
    expect(out).not.toContain(B64);
    expect(out).toContain('(withheld: a sealed value)');
  });

  test('values shorter than 4 characters are left (they occur by chance in any text)', () => {
    expect(scrub({ a: 'abc' }, ['abc'])).toEqual({ a: 'abc' });
  });
});
