import { parse } from 'yaml';
import { needsEscaping, needsQuoting, parseYamlDocuments, quoteDouble, resolvesToNonString, toYaml, YamlSyntaxError } from '../../src/yaml/yaml';

/**
 * Strings that YAML 1.1 (Kubernetes's decoder), YAML 1.2 (kustomize's) or go-yaml's number
 * parsing would read as something else. test/adversarial/yaml-roundtrip.test.ts generates
 * thousands more from the resolver tables; these are the readable examples.
 */
const AMBIGUOUS = ['yes', 'no', 'Yes', 'NO', 'on', 'off', 'On', 'y', 'n', 'Y', 'true', 'False', 'null', '~', '0777', '0o17', '0x1F',
  '1', '-1', '1.5', '1e3', '.inf', '.NaN', '1_000', '12:30', '2001-12-14', '=', '<<', '0X1F', '0B101', '0O17', '+0x_1F', '1__0', '1.2.3', '0:20'];

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

  test('double-quotes the key "<<", which a YAML 1.1 reader would take for a merge key', () => {
    const text = toYaml({ data: { '<<': 'x', 'y': '<<' } });
    expect(text).toBe('data:\n  "<<": x\n  "y": "<<"\n');
    for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version }).data).toEqual({ '<<': 'x', 'y': '<<' });
  });

  test.each(['0X1F', '0B101', '0O17', '-0X1F', '1_0', '09'])('double-quotes %p, a number to go-yaml (Go\'s strconv base 0) though no YAML table lists it', (value) => {
    expect(resolvesToNonString(value)).toBe(true);
    expect(toYaml({ a: value })).toBe(`a: "${value}"\n`);
  });

  test.each([
    ['DEL', 'a\x7fb', '"a\\x7fb"'], ['NEL', 'a\x85b', '"a\\Nb"'], ['LS', 'a\u2028b', '"a\\Lb"'], ['PS', 'a\u2029b', '"a\\Pb"'],
    ['BOM', '\ufeffa', '"\\ufeffa"'], ['a C1 control', '\x9b', '"\\x9b"'], ['U+FFFF', '\uffff', '"\\uffff"'], ['a lone surrogate', '\ud800', '"\\ud800"'],
    ['a C0 control', '\x01', '"\\x01"'], ['CR', 'a\rb', '"a\\rb"'],
  ])('escapes %s in a double-quoted scalar, as key and as value', (_name, value, written) => {
    expect(needsEscaping(value)).toBe(true);
    expect(quoteDouble(value)).toBe(written);
    expect(toYaml({ k: value })).toBe(`k: ${written}\n`);
    expect(toYaml({ [value]: 'v' })).toBe(`${written}: v\n`);
    for (const version of ['1.1', '1.2'] as const) expect(parse(toYaml({ [value]: value }), { version })).toEqual({ [value]: value });
  });

  test('escapes NEL, LS and PS in multi-line strings too, which would otherwise be block scalars', () => {
    const value = 'first\nsecond\u2028third\x85';
    const text = toYaml({ k: value });
    expect(text).not.toMatch(/[\x85\u2028]/);
    for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version }).k).toBe(value);
  });

  test('double-quotes a multi-line string with a line starting with a tab, which go-yaml refuses as a block scalar', () => {
    expect(toYaml({ k: 'a\n\tb' })).toBe('k: "a\\n\\tb"\n');
    expect(toYaml({ k: 'a\n b' })).toBe('k: |-\n  a\n   b\n');
  });

  test.each(['Y', 'on', 'NO', 'Off', 'true', 'null', '0777', '1e3', '', ' a', 'a: b', 'a #b', '- a', 'a\tb', 'a\x7f'])('needsQuoting(%j) for a key or value', (value) => {
    expect(needsQuoting(value)).toBe(true);
  });

  test.each(['linkding', 'LD_SUPERUSER_PASSWORD', 'yEs', 'nULL', '_1', '1:60', 'Grüße', '--port=80', 'a-b'])('not needsQuoting(%j)', (value) => {
    expect(needsQuoting(value)).toBe(false);
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
