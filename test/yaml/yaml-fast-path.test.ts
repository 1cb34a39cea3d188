import { Document, parseAllDocuments } from 'yaml';
import { libraryYaml, needsDoubleQuotes, parseYamlDocuments, toYaml } from '../../src/yaml/yaml';
import { allCases } from '../adversarial/support/yaml-cases';

// toYaml writes common manifests itself and must give the yaml library's bytes exactly.
const STRINGS = [
  'linkding', 'sissbruecker/linkding:1.36.0', 'Bookmark manager', '1Gi', '10m0s', '9090', '0777', 'e5', 'E1',
  'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'null', '~', '', '<<', '=', '.inf', '0x1F', '1:20', '2001-12-14',
  'a: b', 'a #b', 'a:', 'a ', ' a', '- a', '-', '? b', '---x', '...', '*x', '&x', '!x', '%x', '@x', '"q"', "'q'",
  'a\\b', './kustomize/x', '.inf', '.5', 'AgB+x/y==', 'a=b', '+1', 'a,b', '[a]', '{a}', 'tab\tx', 'two\nlines', 'Grüße', 'http://x.example/a?b=c',
  '0X1F', '0B101', '0O17', '1__0', '1.2.3', '0:20', '"0X1F"', 'a\x7f', 'a\u2028b', '\ufeff', '\x85\n\x85', '\t\n',
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

describe('toYaml against the yaml library left to itself', () => {
  test('gives the library\'s own YAML 1.1 bytes for every generated string our tables do not make us double-quote', () => {
    const differences: unknown[] = [];
    for (const { text } of allCases()) {
      if (needsDoubleQuotes(text)) continue;
      const value = { data: { value: text }, keys: { [text]: 'k' }, list: [text] }; // already in toYaml's key order
      const own = new Document(value, { version: '1.1' }).toString({ lineWidth: 0, minContentWidth: 0 });
      if (toYaml(value) !== own) differences.push({ text, ours: toYaml(value), library: own });
    }
    expect(differences).toEqual([]);
  });
});

describe('toYaml against the yaml library, on generated values', () => {
  /** A small deterministic PRNG (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    /* eslint-disable no-bitwise -- a PRNG is bit arithmetic */
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    /* eslint-enable no-bitwise */
  }
  // Weighted towards what YAML treats specially: indicators, digits, signs, dots, words.
  const PIECES = ['a', 'Z', 'e', 'E', '0', '7', '1', '.', '-', '+', ':', ' ', '#', '/', '_', '=', '<', '~', '"', "'", '\\', '!', '&', '*',
    '[', ']', '{', '}', ',', '%', '@', '`', '?', '|', '>', 'x', 'yes', 'No', 'on', 'OFF', 'y', 'null', 'true', '0x', '0o', '1e3', '.inf', '---',
    '0X', '0B', '0O', '<<', '\t', '\n', '\x7f', '\x85', '\u2028', '\ufeff'];

  test('writes 5,000 generated objects exactly as the yaml library does', () => {
    const next = random(20261126);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const text = () => Array.from({ length: Math.floor(next() * 5) }, () => pick(PIECES)).join('');
    const scalar = (): unknown => pick([text, text, text, () => Math.floor(next() * 2000) - 1000, () => next() < 0.5, () => null])();
    const value = (depth: number): unknown => {
      if (depth > 2 || next() < 0.4) return scalar();
      if (next() < 0.5) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 3) + 1 }, () => [text() || 'k', value(depth + 1)]));
    };
    const mismatches: unknown[] = [];
    for (let i = 0; i < 5000 && mismatches.length < 5; i++) {
      const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: text() || 'n' }, data: value(0) };
      if (toYaml(object) !== libraryYaml(object)) mismatches.push(object);
    }
    expect(mismatches).toEqual([]);
  });
});
