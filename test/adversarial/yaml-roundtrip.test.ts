import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeLoad } from 'js-yaml';
import { parse } from 'yaml';
import { allCases, hasLoneSurrogate, kustomizeCannotCarry } from './support/yaml-cases';
import { needsQuoting, parseYamlDocuments, quoteDouble, toYaml } from '../../src/yaml/yaml';

/**
 * Every reader our output meets in JavaScript: the yaml package as 1.1 and 1.2, js-yaml 3 (a dev
 * dependency for this corpus: YAML 1.1 numbers and timestamps, 1.2 booleans), synth's own reader.
 */
const READERS: Record<string, (text: string) => any> = {
  'yaml 1.1': (text) => parse(text, { version: '1.1' }),
  'yaml 1.2': (text) => parse(text, { version: '1.2' }),
  'js-yaml 3 safeLoad': (text) => safeLoad(text),
  'parseYamlDocuments (synth)': (text) => parseYamlDocuments(text, 'x.yaml')[0],
};

const CASES = allCases();
const CATEGORIES = [...new Set(CASES.map((c) => c.category))];

/** One object holding `text` as a value, as a key and in a list. */
function holder(text: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { value: text }, keys: { [text]: 'key' }, list: [text] };
}

/** What each reader got wrong reading back toYaml(holder(text)); empty when all agree. */
function misreadings(text: string): string[] {
  const yaml = toYaml(holder(text));
  const wrong: string[] = [];
  for (const [reader, read] of Object.entries(READERS)) {
    let back: any;
    try {
      back = read(yaml);
    } catch (e) {
      wrong.push(`${reader} failed: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const keys = Object.keys(back?.keys ?? {});
    if (back?.data?.value !== text) wrong.push(`${reader} read the value as ${JSON.stringify(back?.data?.value)}`);
    if (keys.length !== 1 || keys[0] !== text || back.keys[text] !== 'key') wrong.push(`${reader} read the key as ${JSON.stringify(keys)}`);
    if (back?.list?.[0] !== text) wrong.push(`${reader} read the list item as ${JSON.stringify(back?.list?.[0])}`);
  }
  return wrong;
}

describe(`toYaml round trip over ${CASES.length} generated strings, each as value, key and list item`, () => {
  test.each(CATEGORIES)('%s: every reader gives back the same string', (category) => {
    const failures = CASES.filter((c) => c.category === category)
      .map(({ text }) => ({ text, wrong: misreadings(text) }))
      .filter((f) => f.wrong.length > 0);
    expect(failures).toEqual([]);
  });

  test('needsQuoting is sound: every generated string it lets through plain reads back as itself in every reader', () => {
    const failures: unknown[] = [];
    for (const { text } of CASES) {
      if (needsQuoting(text)) continue;
      for (const [reader, read] of Object.entries(READERS)) {
        for (const yaml of [`k: ${text}\n`, `${text}: v\n`]) {
          let back: any;
          try {
            back = read(yaml);
          } catch {
            back = 'a syntax error';
          }
          const ok = yaml.startsWith('k: ') ? back?.k === text : back?.[text] === 'v' && Object.keys(back).length === 1;
          if (!ok) failures.push({ text, reader, yaml });
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/** `kubectl kustomize` over a folder holding `object` as its only resource. */
function kustomize(dir: string, object: unknown) {
  writeFileSync(join(dir, 'configmap.yaml'), toYaml(object));
  writeFileSync(join(dir, 'kustomization.yaml'), toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['configmap.yaml'] }));
  return spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

describe('quoteDouble, for writers that emit YAML line by line (stillon seal)', () => {
  test(`writes each of the ${CASES.length} generated strings as a key and a value that every reader reads back`, () => {
    const failures: unknown[] = [];
    for (const { text } of CASES) {
      const yaml = `${quoteDouble(text)}: ${quoteDouble(text)}\n`;
      if (yaml.split('\n').length !== 2) failures.push({ text, yaml, problem: 'not one line' });
      for (const [reader, read] of Object.entries(READERS)) {
        let back: any;
        try {
          back = read(yaml);
        } catch (e) {
          back = (e as Error).message.split('\n')[0];
        }
        if (typeof back !== 'object' || Object.keys(back).length !== 1 || back[text] !== text) failures.push({ text, reader, yaml, back });
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('through kubectl kustomize (go-yaml, the reader Kubernetes and Flux use)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stillon-yaml-roundtrip-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a ConfigMap holding every generated string as a value (and as a key when a valid ConfigMap key) builds back to the same strings', () => {
    // A lone surrogate has no UTF-8 form: no YAML file, and no Go string, can hold one. What
    // kustomize cannot carry at all is the next test's.
    const texts = CASES.map((c) => c.text).filter((t) => !hasLoneSurrogate(t) && !kustomizeCannotCarry(t));
    const data: Record<string, string> = {};
    texts.forEach((text, i) => {
      data[`value-${String(i).padStart(4, '0')}`] = text;
    });
    // ConfigMap keys: [-._a-zA-Z0-9]+, at most 253 characters, not `.` or `..`.
    for (const text of texts) if (/^[-._a-zA-Z0-9]{1,253}$/.test(text) && text !== '.' && text !== '..') data[text] = text;
    const result = kustomize(dir, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'corpus', namespace: 'yaml' }, data });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // kustomize writes for Go readers: go-yaml v3 quotes what Go would not read as a string,
    // and leaves `.5_` and `.5_E-3` plain (floats to js-yaml and the yaml package's 1.1
    // schema, strings to Go and YAML 1.2). So its output is read back as YAML 1.2.
    const built = parse(result.stdout, { version: '1.2' });
    const wrong = Object.keys(data).filter((k) => built.data[k] !== data[k]).map((k) => ({ key: k, want: data[k], got: built.data[k] }));
    expect(wrong).toEqual([]);
    expect(Object.keys(built.data).length).toBe(Object.keys(data).length);
  });

  test('fails in kustomize itself, not in our file, for DEL, C1 controls, NEL, LS, PS, U+FFFE, U+FFFF', () => {
    const texts = CASES.map((c) => c.text).filter((t) => kustomizeCannotCarry(t) && !hasLoneSurrogate(t));
    expect(texts.length).toBeGreaterThan(200);
    expect(texts.flatMap(misreadings)).toEqual([]);
    // Canaries for the upstream bugs: when kustomize carries these, move them into the corpus above.
    const refused = kustomize(dir, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'del' }, data: { v: 'a\x7fb' } });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('control characters are not allowed');
    const breaks = { nel: 'a\u0085b', ls: 'a\u2028b', ps: 'a\u2029b' };
    const folded = kustomize(dir, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'breaks' }, data: breaks });
    expect(folded.status).toBe(0);
    const built = parse(folded.stdout, { version: '1.2' }).data;
    expect(Object.keys(breaks).filter((k) => built[k] === breaks[k as keyof typeof breaks])).toEqual([]);
  });
});
