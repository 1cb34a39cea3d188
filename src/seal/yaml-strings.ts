import { Document, isMap, isScalar, parseAllDocuments, parseDocument, Scalar, visit, YAMLMap } from 'yaml';
import { needsQuoting, resolvesToNonString } from '../yaml/yaml';

/**
 * Strings in sealed files as every reader on their way to the cluster reads them: the
 * controller, kubeseal and kubectl decode YAML 1.1 (where a plain `Y`, `on` or `0777` is a
 * boolean or a number), kustomize YAML 1.2 (where `1e3` and `0o17` are numbers). kubeseal quotes
 * such keys; so do we, with synth's emitter's own test (`needsQuoting`), so that the two never disagree.
 */

/** A string node, double-quoted when synth's emitter would quote it (`needsQuoting`): for keys and values added to an existing document. */
export function stringNode(text: string): Scalar<string> {
  const node = new Scalar(text);
  if (needsQuoting(text)) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/** Double-quotes every string scalar of a document we create (keys included) that `needsQuoting`. */
export function quoteAmbiguousStrings(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuoting(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
}

/**
 * Keys are the same when written the same: `on` and `yes` are both `true` in YAML 1.1, and are
 * reported as two misread keys rather than as "Map keys must be unique".
 */
function sameKey(a: unknown, b: unknown): boolean {
  if (isScalar(a) && isScalar(b)) return String(a.source ?? a.value) === String(b.source ?? b.value);
  return a === b;
}

/**
 * Parses a sealed file as the controller and kubectl read it (YAML 1.1), byte-order mark
 * tolerated. Errors stay in each document's `errors`, for the caller to report with its file.
 */
export function parseKubernetesYaml(text: string): Document[] {
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { version: '1.1', prettyErrors: true, uniqueKeys: sameKey });
  return Array.isArray(docs) ? docs : [];
}

/** A key written plain that some reader does not read as the string it looks like. */
export interface MisreadKey {
  /** The key as written in the file, e.g. `Y`. Key names only: never a value. */
  readonly written: string;
  /** 1-based line of the key. */
  readonly line: number;
  /** How it is misread, e.g. `YAML 1.1 (Kubernetes) reads the boolean true`. */
  readonly reading: string;
}

/** The keys of the map at `path` of a `parseKubernetesYaml` document that not every reader reads as written. */
export function misreadKeys(doc: Document, path: readonly string[], text: string): MisreadKey[] {
  const map = doc.getIn(path, true);
  if (!isMap(map)) return [];
  const source = text.replace(/^\uFEFF/, '');
  const found: MisreadKey[] = [];
  for (const pair of (map as YAMLMap).items) {
    const key = pair.key;
    const offset = (key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    const line = source.slice(0, offset).split('\n').length;
    if (!isScalar(key)) {
      found.push({ written: '(a collection)', line, reading: 'a key that is not a scalar' });
      continue;
    }
    if (key.type !== Scalar.PLAIN) continue; // a quoted key is a string to every reader
    const written = String(key.source ?? key.value);
    if (typeof key.value !== 'string') {
      found.push({ written, line, reading: `YAML 1.1 (Kubernetes) reads it as ${describe(key.value)}` });
    } else if (resolvesToNonString(written)) {
      const as12 = parseDocument(`k: ${written}`).get('k');
      found.push({
        written,
        line,
        reading: typeof as12 !== 'string' ? `YAML 1.2 (kustomize) reads it as ${describe(as12)}` : 'go-yaml (Kubernetes\' decoder) reads it as a number',
      });
    }
  }
  return found;
}

/** One line about misread keys, for an error message: `key \`Y\` (line 8): YAML 1.1 ... reads it as the boolean true`. */
export function describeMisreadKeys(keys: readonly MisreadKey[]): string {
  return keys.map((k) => `key \`${k.written}\` (line ${k.line}): ${k.reading}, not the string '${k.written}'`).join('; ');
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return `the ${typeof value} ${String(value)}`;
}
