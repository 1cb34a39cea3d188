import { parse } from 'yaml';
import { parseYamlDocuments, toYaml, YamlSyntaxError } from '../../src/synth/yaml';

/** Strings that YAML 1.1 (Kubernetes's decoder) or YAML 1.2 (kustomize's) would read as something else. */
const AMBIGUOUS = ['yes', 'no', 'Yes', 'NO', 'on', 'off', 'On', 'y', 'n', 'Y', 'true', 'False', 'null', '~', '0777', '0o17', '0x1F',
  '1', '-1', '1.5', '1e3', '.inf', '.NaN', '1_000', '12:30', '2001-12-14', '='];

describe('toYaml', () => {
  test.each(AMBIGUOUS)('double-quotes %p, which stays a string in YAML 1.1 and 1.2', (value) => {
    const text = toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { [value]: value, list: [value] } });
    expect(text).toContain(`: "${value}"\n`);
    for (const version of ['1.1', '1.2'] as const) {
      const back = parse(text, { version });
      expect(back.data[value]).toBe(value);
      expect(back.data.list).toEqual([value]);
    }
  });

  test('writes the value "<<" so that it reads back as a string (YAML 1.1 merges only keys)', () => {
    const text = toYaml({ env: [{ name: 'A', value: '<<' }] });
    for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version }).env[0].value).toBe('<<');
  });

  test.each(['linkding', 'sissbruecker/linkding:1.36.0', '10m0s', '1Gi', 'Bookmark manager', 'yesterday'])('leaves the plain string %p unquoted', (value) => {
    expect(toYaml({ a: value })).toBe(`a: ${value}\n`);
  });

  test('writes numbers and booleans as such', () => {
    expect(parse(toYaml({ port: 9090, prune: true, replicas: 0 }), { version: '1.1' })).toEqual({ port: 9090, prune: true, replicas: 0 });
  });

  test('puts apiVersion, kind and metadata first and sorts every other key', () => {
    expect(toYaml({ spec: { z: 1, a: 2 }, metadata: { name: 'x', labels: { b: '1', a: '2' } }, kind: 'K', apiVersion: 'v1', data: {} }))
      .toBe('apiVersion: v1\nkind: K\nmetadata:\n  labels:\n    a: "2"\n    b: "1"\n  name: x\ndata: {}\nspec:\n  a: 2\n  z: 1\n');
  });

  test('drops undefined values and never folds long strings', () => {
    const long = 'x '.repeat(200).trim();
    expect(toYaml({ a: undefined, b: long })).toBe(`b: ${long}\n`);
  });

  test('gives the same bytes for the same object built in another key order', () => {
    expect(toYaml({ kind: 'K', apiVersion: 'v', metadata: { b: 1, a: 2 } })).toBe(toYaml({ metadata: { a: 2, b: 1 }, apiVersion: 'v', kind: 'K' }));
  });
});

describe('parseYamlDocuments', () => {
  test('reads YAML 1.1 the way Kubernetes does, tolerating a BOM and CRLF', () => {
    expect(parseYamlDocuments('\uFEFFa: yes\r\nb: "yes"\r\n---\nc: 0777\n', 'f.yaml')).toEqual([{ a: true, b: 'yes' }, { c: 511 }]);
  });

  test('fails on a syntax error with YamlSyntaxError naming the file and line', () => {
    expect(() => parseYamlDocuments('a: 1\nb: [\n', 'dir/f.yaml')).toThrow(YamlSyntaxError);
    expect(() => parseYamlDocuments('a: 1\nb: [\n', 'dir/f.yaml')).toThrow(/^dir\/f\.yaml:\d+: invalid YAML: /);
  });
});
