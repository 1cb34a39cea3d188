import { Document, Scalar, isScalar, parseAllDocuments, visit } from 'yaml';

/** Top-level keys in the order people expect to read them; every other key is sorted. */
const TOP_LEVEL_ORDER = ['apiVersion', 'kind', 'metadata'];

/**
 * Serializes one object to YAML that means the same to every reader on its path: Kubernetes's
 * YAML 1.1 decoder (where `yes`, `on`, `y` and `0777` are not strings) and kustomize's YAML 1.2
 * one. A string that either would read as something else is double-quoted. Keys are sorted and
 * long strings never folded, so the same object always gives the same bytes.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(canonical(value, true), { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.value.includes('\n') && isAmbiguous(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** YAML 1.1 gives these special types (merge key, value key) that some Go decoders act on. */
const SPECIAL_1_1 = new Set(['<<', '=']);
const ambiguity = new Map<string, boolean>();

/** Whether a plain scalar would be read as anything but this string by a YAML 1.1 or 1.2 reader. */
function isAmbiguous(text: string): boolean {
  let result = ambiguity.get(text);
  if (result === undefined) {
    result = SPECIAL_1_1.has(text) || (['1.1', '1.2'] as const).some((version) => {
      const node = new Document(undefined, { version }).createNode(text);
      const parsed = parseAllDocuments(`k: ${text}`, { version })[0]?.get('k', true);
      return !isScalar(node) || !isScalar(parsed) || parsed.value !== text;
    });
    ambiguity.set(text, result);
  }
  return result;
}

function canonical(value: unknown, topLevel = false): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).filter((k) => (value as any)[k] !== undefined);
  keys.sort((a, b) => rank(a, topLevel) - rank(b, topLevel) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, canonical((value as any)[k])]));
}

function rank(key: string, topLevel: boolean): number {
  const i = topLevel ? TOP_LEVEL_ORDER.indexOf(key) : -1;
  return i === -1 ? TOP_LEVEL_ORDER.length : i;
}

/** A YAML syntax error with the file and line it is in. */
export class YamlSyntaxError extends Error {
  constructor(public readonly file: string, public readonly line: number | undefined, detail: string) {
    super(`${file}${line ? `:${line}` : ''}: invalid YAML: ${detail}`);
    this.name = 'YamlSyntaxError';
  }
}

/**
 * Parses every document of a YAML stream the way Kubernetes reads it (YAML 1.1), tolerating a
 * byte-order mark and CRLF line ends. Throws a YamlSyntaxError naming the file and line.
 */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  const source = text.replace(/^\uFEFF/, '');
  return parseAllDocuments(source, { version: '1.1', prettyErrors: true }).map((doc) => {
    const error = doc.errors[0];
    if (error) {
      throw new YamlSyntaxError(file, error.linePos?.[0].line, error.message.split('\n')[0]);
    }
    return doc.toJS({ maxAliasCount: 100 });
  });
}
