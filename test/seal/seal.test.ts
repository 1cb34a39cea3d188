import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { filesContaining, listFiles, makeTempRepo, removeTempRepo } from './temp-repo';
import { TEST_CERT, fingerprintOf, labelFor, unsealDocument, unsealValue } from './unseal';
import { SealedSecret } from '../../imports/bitnami.com';
import { SealingScope } from '../../src/conventions/sealed-secret-scope';
import { seal, sealRaw, SEALED_SECRET_GVK, SecretType } from '../../src/seal';

let repo: string;
beforeEach(() => { repo = makeTempRepo(); });
afterEach(() => removeTempRepo(repo));

const read = (file = 'sealed-secrets/ns/app.yaml') => readFileSync(join(repo, file), 'utf8');
/** The lines of spec.encryptedData, as they are in the file. */
const encryptedLines = (text: string) => {
  const lines = text.split('\n');
  const start = lines.indexOf('  encryptedData:') + 1;
  const end = lines.findIndex((l, i) => i >= start && !l.startsWith('    '));
  return lines.slice(start, end);
};

describe('seal', () => {
  test('writes sealed-secrets/ns/app.yaml in kubeseal\'s shape, which opens', async () => {
    const result = await seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { 'b.key': 'two', 'a.key': 'one' } });

    expect(result).toMatchObject({ relativeFile: 'sealed-secrets/ns/app.yaml', created: true, scope: SealingScope.STRICT, sealedKeys: ['a.key', 'b.key'], keptKeys: [] });
    const text = read();
    expect(text.startsWith('apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  annotations:\n'
      + `    stillon.top/sealing-certificate: ${fingerprintOf(TEST_CERT)}\n  name: app\n  namespace: ns\n`)).toBe(true);
    const obj = parse(text);
    expect(Object.keys(obj.spec.encryptedData)).toEqual(['a.key', 'b.key']);
    expect(obj.spec.template).toEqual({ metadata: { name: 'app', namespace: 'ns' }, type: 'Opaque' });
    const opened = unsealDocument(text);
    expect(opened['a.key'].toString()).toBe('one');
    expect(opened['b.key'].toString()).toBe('two');
    expect(filesContaining(repo, 'one')).toEqual([]);
    expect(listFiles(repo)).toEqual(['package.json', 'sealed-secrets/cert.pem', 'sealed-secrets/ns/app.yaml']);
  });

  test('uses the generated SealedSecret GVK', () => {
    expect(SEALED_SECRET_GVK).toEqual(SealedSecret.GVK);
  });

  test.each([SealingScope.NAMESPACE_WIDE, SealingScope.CLUSTER_WIDE])('puts the %s annotation on metadata and template', async (scope) => {
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', scope, values: { k: 'v' }, labels: { team: 'a' } });
    const obj = parse(read());
    const annotations = { [`sealedsecrets.bitnami.com/${scope}`]: 'true' };
    expect(obj.metadata.annotations).toEqual({ ...annotations, 'stillon.top/sealing-certificate': fingerprintOf(TEST_CERT) });
    expect(obj.spec.template.metadata).toEqual({ annotations, labels: { team: 'a' }, name: 'app', namespace: 'ns' });
    expect(read()).toContain(`sealedsecrets.bitnami.com/${scope}: "true"`);
    expect(unsealDocument(read()).k.toString()).toBe('v');
  });

  test('a namespace-wide file survives a rename but not a move; a strict one survives neither', async () => {
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', scope: SealingScope.NAMESPACE_WIDE, values: { k: 'v' } });
    expect(unsealDocument(read(), { name: 'renamed' }).k.toString()).toBe('v');
    expect(() => unsealDocument(read(), { namespace: 'moved' })).toThrow();
    await seal({ repoRoot: repo, namespace: 'ns', name: 'strict', values: { k: 'v' } });
    expect(() => unsealDocument(read('sealed-secrets/ns/strict.yaml'), { name: 'renamed' })).toThrow();
    expect(() => unsealDocument(read('sealed-secrets/ns/strict.yaml'), { namespace: 'moved' })).toThrow();
  });

  test('merging adds and replaces single keys and leaves the others byte-identical', async () => {
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { a: '1', b: '2', c: '3' } });
    writeFileSync(join(repo, 'sealed-secrets/ns/app.yaml'), `# rotated by hand\n${read()}`);
    const before = encryptedLines(read());

    const result = await seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { b: 'two', d: '4' } });

    expect(result).toMatchObject({ created: false, sealedKeys: ['b', 'd'], keptKeys: ['a', 'c'] });
    const after = encryptedLines(read());
    expect(after.map((l) => l.split(':')[0].trim())).toEqual(['a', 'b', 'c', 'd']);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).not.toBe(before[1]);
    expect(read().startsWith('# rotated by hand\n')).toBe(true);
    expect(Object.fromEntries(Object.entries(unsealDocument(read())).map(([k, v]) => [k, v.toString()])))
      .toEqual({ a: '1', b: 'two', c: '3', d: '4' });
  });

  test('merging seals new keys in the file\'s scope, not the default', async () => {
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', scope: SealingScope.CLUSTER_WIDE, values: { a: '1' } });
    const result = await seal({ repoRoot: repo, mergeInto: 'sealed-secrets/ns/app.yaml', values: { b: '2' } });
    expect(result.scope).toBe(SealingScope.CLUSTER_WIDE);
    expect(unsealDocument(read(), { namespace: 'x', name: 'y' }).b.toString()).toBe('2');
  });

  test('fails to merge with an explicit conflicting scope', async () => {
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', scope: SealingScope.NAMESPACE_WIDE, values: { a: '1' } });
    const before = read();
    await expect(seal({ repoRoot: repo, namespace: 'ns', name: 'app', scope: SealingScope.STRICT, values: { b: 'p4ss' } }))
      .rejects.toThrow(/^\[sealed-secrets\/ns\/app.yaml\] SealScopeConflict: the file's values are sealed namespace-wide, --scope asks for strict/);
    expect(read()).toBe(before);
  });

  test('fails on keys that are not valid Secret keys', async () => {
    await expect(seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { 'a/b': 'x' } })).rejects.toThrow(/^\[values\] SealInvalidKey: the key \(not repeated here: it may hold a value\) has '\/' at character 2/);
    await expect(seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { '..': 'x' } })).rejects.toThrow(/SealInvalidKey/);
  });

  test('fails on a name or namespace that would escape sealed-secrets/', async () => {
    await expect(seal({ repoRoot: repo, namespace: '..', name: 'app', values: { k: 'x' } })).rejects.toThrow(/\[--namespace\] SealInvalidName/);
    await expect(seal({ repoRoot: repo, namespace: 'ns', name: '../../etc', values: { k: 'x' } })).rejects.toThrow(/\[--name\] SealInvalidName/);
  });

  test('fails on a TLS Secret without tls.key, and never puts a value in the message', async () => {
    await expect(seal({ repoRoot: repo, namespace: 'ns', name: 'tls', type: SecretType.TLS, values: { 'tls.crt': 'CERT-BYTES' } }))
      .rejects.toThrow(/SealMissingTypeKey: a Secret of type kubernetes.io\/tls needs the key tls.key/);
    await expect(seal({ repoRoot: repo, namespace: 'ns', name: 'reg', type: SecretType.DOCKER_CONFIG_JSON, values: { '.dockerconfigjson': 'not-json-s3cret' } }))
      .rejects.toThrow(expect.objectContaining({ code: 'SealInvalidDockerConfig', message: expect.not.stringContaining('s3cret') }));
  });

  test('fails to merge into a file that is not a SealedSecret', async () => {
    writeFileSync(join(repo, 'sealed-secrets/plain.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: app, namespace: ns}\n');
    await expect(seal({ repoRoot: repo, mergeInto: 'sealed-secrets/plain.yaml', values: { k: 'x' } }))
      .rejects.toThrow(/SealInvalidExistingFile: expected apiVersion bitnami.com\/v1alpha1, kind SealedSecret; got v1, Secret/);
  });

  test('leaves no temp file behind', async () => {
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { k: 'x' } });
    await seal({ repoRoot: repo, namespace: 'ns', name: 'app', values: { k: 'y' } });
    expect(listFiles(repo).filter((f) => f.includes('stillon-tmp'))).toEqual([]);
  });
});

describe('sealRaw', () => {
  test('returns one value that opens under the scope label', async () => {
    const { encrypted } = await sealRaw({ repoRoot: repo, namespace: 'ns', scope: SealingScope.NAMESPACE_WIDE, value: 'raw' });
    expect(unsealValue(encrypted, labelFor('namespace-wide', 'ns', 'any')).toString()).toBe('raw');
  });

  test('fails without the name a strict value is pinned to', async () => {
    await expect(sealRaw({ repoRoot: repo, namespace: 'ns', value: 'raw' })).rejects.toThrow(/\[--name\] SealMissingName/);
  });
});
