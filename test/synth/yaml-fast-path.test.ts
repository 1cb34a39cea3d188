import { libraryYaml, toYaml } from '../../src/synth/yaml';

// toYaml writes common manifests itself and must give the yaml library's bytes exactly.
const STRINGS = [
  'linkding', 'sissbruecker/linkding:1.36.0', 'Bookmark manager', '1Gi', '10m0s', '9090', '0777', 'e5', 'E1',
  'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'null', '~', '', '<<', '=', '.inf', '0x1F', '1:20', '2001-12-14',
  'a: b', 'a #b', 'a:', 'a ', ' a', '- a', '-', '? b', '---x', '...', '*x', '&x', '!x', '%x', '@x', '"q"', "'q'",
  'a\\b', 'a,b', '[a]', '{a}', 'tab\tx', 'two\nlines', 'Grüße', 'http://x.example/a?b=c',
];

describe('toYaml', () => {
  test.each(STRINGS)('writes %j as the yaml library does, as key and as value', (s) => {
    const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { [s]: s, list: [s, { [s]: [s] }] } };
    expect(toYaml(value)).toBe(libraryYaml(value));
  });

  test.each([
    { a: null }, { a: 1.5 }, { a: -0 }, { a: -3 }, { a: 1e21 }, { a: [] }, { a: {} }, { a: [[]] }, { a: [{}] }, { a: [[1]] },
    { 10: 'x', b: 'y', 9: 'z' }, { a: undefined, b: { c: undefined } }, { a: [true, false, 0] },
    { z: 1, metadata: { b: 1, a: 2 }, kind: 'K', apiVersion: 'v' }, { a: [{ b: [{ c: { d: [] } }], e: 'f' }] },
  ])('writes %j as the yaml library does', (value) => {
    expect(toYaml(value)).toBe(libraryYaml(value));
  });
});
