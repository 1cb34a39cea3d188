import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { makeTempRepo, removeTempRepo } from './temp-repo';
import { readSealedSecretFile } from '../../src/private/sealed-secret-file';
import { seal } from '../../src/seal';
import { parseSealedSecret } from '../../src/seal/sealed-secret-document';

/** The ten keys of issue 9: each, written plain, is a boolean, null or a number to YAML 1.1. */
const YAML_11_KEYS = ['Y', 'y', 'yes', 'on', 'NO', 'Off', 'true', 'null', '0777', '1e3'];
const EXPECTED = { file: 'sealed-secrets/demo/flags.yaml', name: 'flags', namespace: 'demo' };
const CIPHERTEXT = 'AgBy3i4OJSWK+PiTySYZZA==';

/** A hand-written sealed file whose encryptedData lines are `lines`. */
function handWritten(lines: string[]): string {
  return ['apiVersion: bitnami.com/v1alpha1', 'kind: SealedSecret', 'metadata:', '  name: flags', '  namespace: demo', 'spec:',
    '  encryptedData:', ...lines.map((l) => `    ${l}`), '  template:', '    metadata:', '      name: flags', '      namespace: demo', ''].join('\n');
}

let repo: string;
beforeAll(() => { repo = makeTempRepo(); });
afterAll(() => removeTempRepo(repo));

describe('sealed files read with the yaml library, as Kubernetes reads them (YAML 1.1)', () => {
  test('a file stillon seal wrote with the ten keys reads back with every key as itself', async () => {
    const result = await seal({ repoRoot: repo, namespace: 'demo', name: 'flags', values: Object.fromEntries(YAML_11_KEYS.map((k) => [k, 'v'])) });
    const text = readFileSync(result.file, 'utf8');
    const read = readSealedSecretFile(text, EXPECTED);
    expect(read.problems).toEqual([]);
    expect(read.keys).toEqual([...YAML_11_KEYS].sort());
    expect(Object.keys(read.object!.spec.encryptedData).sort()).toEqual([...YAML_11_KEYS].sort());
    // The merge reader agrees.
    expect(parseSealedSecret(text, 'x').keys).toEqual([...YAML_11_KEYS].sort());
  });

  test('a quoted key "Y" written by hand reads as Y', () => {
    const read = readSealedSecretFile(handWritten([`"Y": ${CIPHERTEXT}`, `'on': ${CIPHERTEXT}`]), EXPECTED);
    expect(read.problems).toEqual([]);
    expect(read.keys).toEqual(['Y', 'on']);
  });

  test('reads a byte-order mark, CRLF line ends and comments', () => {
    const text = `\uFEFF# sealed by hand\r\n${handWritten([`password: ${CIPHERTEXT} # rotated`]).split('\n').join('\r\n')}`;
    const read = readSealedSecretFile(text, EXPECTED);
    expect(read.problems).toEqual([]);
    expect(read.keys).toEqual(['password']);
  });

  test('fails with SealedSecretKeyNotString on a plain `Y:` key, as Kubernetes reads it (true), naming the key and its line', () => {
    const read = readSealedSecretFile(handWritten([`a: ${CIPHERTEXT}`, `Y: ${CIPHERTEXT}`]), EXPECTED);
    expect(read.problems).toEqual([{
      code: 'SealedSecretKeyNotString',
      message: "sealed-secrets/demo/flags.yaml: spec.encryptedData has key `Y` (line 9): YAML 1.1 (Kubernetes) reads it as the boolean true, not the string 'Y'",
      fix: 'quote the key (`"Y": ...`; the ciphertext stays valid), or delete its line and seal it again: stillon seal --namespace demo --name flags --from-stdin Y',
    }]);
    expect(read.keys).toEqual([]);
    expect(read.object).toBeUndefined();
  });

  test('fails with SealedSecretKeyNotString on `on` and `yes` together, not with "Map keys must be unique"', () => {
    const read = readSealedSecretFile(handWritten([`on: ${CIPHERTEXT}`, `yes: ${CIPHERTEXT}`]), EXPECTED);
    expect(read.problems.map((p) => p.code)).toEqual(['SealedSecretKeyNotString']);
    expect(read.problems[0].message).toContain('key `on` (line 8): YAML 1.1 (Kubernetes) reads it as the boolean true');
    expect(read.problems[0].message).toContain('key `yes` (line 9)');
  });

  test.each([
    ['0777', 'YAML 1.1 (Kubernetes) reads it as the number 511'],
    ['1e3', 'YAML 1.1 (Kubernetes) reads it as the number 1000'],
    ['0o17', 'YAML 1.2 (kustomize) reads it as the number 15'],
    ['0B101', 'go-yaml (Kubernetes\' decoder) reads it as a number'],
    ['null', 'YAML 1.1 (Kubernetes) reads it as null'],
  ])('fails with SealedSecretKeyNotString on the plain key %s', (key, reading) => {
    const read = readSealedSecretFile(handWritten([`${key}: ${CIPHERTEXT}`]), EXPECTED);
    expect(read.problems).toEqual([expect.objectContaining({ code: 'SealedSecretKeyNotString', message: expect.stringContaining(`key \`${key}\` (line 8): ${reading}`) })]);
  });

  test('fails with SealedSecretMalformed on a key written twice', () => {
    const read = readSealedSecretFile(handWritten([`a: ${CIPHERTEXT}`, `a: ${CIPHERTEXT}`]), EXPECTED);
    expect(read.problems).toEqual([expect.objectContaining({ code: 'SealedSecretMalformed', message: expect.stringMatching(/^sealed-secrets\/demo\/flags\.yaml:9: invalid YAML: Map keys must be unique/) })]);
  });

  test('the merge reader refuses a plain `Y:` key with the same explanation', () => {
    expect(() => parseSealedSecret(handWritten([`Y: ${CIPHERTEXT}`]), 'sealed-secrets/demo/flags.yaml'))
      .toThrow(/^\[sealed-secrets\/demo\/flags\.yaml\] SealInvalidExistingFile: spec\.encryptedData has key `Y` \(line 8\): YAML 1\.1 \(Kubernetes\) reads it as the boolean true/);
  });

  test('a merge writes new keys quoted where needed and keeps the others byte for byte', async () => {
    await seal({ repoRoot: repo, namespace: 'demo', name: 'merge', values: { plain: 'v' } });
    const file = `${repo}/sealed-secrets/demo/merge.yaml`;
    const before = readFileSync(file, 'utf8');
    await seal({ repoRoot: repo, namespace: 'demo', name: 'merge', values: { on: 'v', Off: 'v' }, labels: { enabled: 'yes' } });
    const after = readFileSync(file, 'utf8');
    expect(after).toContain(before.split('\n').find((l) => l.startsWith('    plain: '))!);
    expect(after).toMatch(/^ {4}"Off": /m);
    expect(after).toMatch(/^ {4}"on": /m);
    expect(after).toContain('        enabled: "yes"\n');
    expect(Object.keys(parse(after, { version: '1.1' }).spec.encryptedData)).toEqual(['Off', 'on', 'plain']);
  });

  test('a namespace `on` and a name `yes` (valid DNS labels) are quoted too, and read back as themselves', async () => {
    const result = await seal({ repoRoot: repo, namespace: 'on', name: 'yes', values: { k: 'v' } });
    const text = readFileSync(result.file, 'utf8');
    expect(text).toContain('  name: "yes"\n  namespace: "on"\n');
    expect(parse(text, { version: '1.1' }).metadata).toEqual({ annotations: { 'stillon.top/sealing-certificate': expect.any(String) }, name: 'yes', namespace: 'on' });
    expect(readSealedSecretFile(text, { file: 'sealed-secrets/on/yes.yaml', name: 'yes', namespace: 'on' }).problems).toEqual([]);
  });
});
