import { Document, Scalar, parseAllDocuments, visit } from 'yaml';
import { escapeRawCharacters, needsDoubleQuotes, resolvesToNonString } from './yaml-scalar';

export { needsDoubleQuotes, needsEscaping, needsQuoting, quoteDouble, resolvesToNonString } from './yaml-scalar';

/** Top-level keys in the order people expect to read them; every other key is sorted. */
const TOP_LEVEL_ORDER = ['apiVersion', 'kind', 'metadata'];

/**
 * Serializes one object to YAML that means the same to every reader on its path: Kubernetes's
 * YAML 1.1 decoder (where `yes`, `on`, `y`, `0777` and `0X1F` are not strings) and kustomize's
 * YAML 1.2 one. A key or value that any of them would read as something else is double-quoted
 * (see `resolvesToNonString`), and a character YAML forbids or folds (DEL, NEL, U+2028, ...) is
 * escaped. Keys are sorted and long strings never folded, so the same object always gives the
 * same bytes.
 */
export function toYaml(value: unknown): string {
  return fastYaml(value) ?? libraryYaml(value);
}

/** `toYaml` through the yaml library: the reference the fast path must match byte for byte. */
export function libraryYaml(value: unknown): string {
  // Built as YAML 1.2: the library's 1.1 schema writes the merge key `<<` plain whatever the
  // node's style. Which strings need quotes for 1.1 readers is decided below, not by the schema.
  const doc = new Document(canonical(value, true), { version: '1.2' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsDoubleQuotes(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  // The library escapes what JSON escapes and leaves DEL, C1, U+2028/2029 and U+FEFF raw; each of
  // those is inside a double-quoted scalar (forced above), so escaping them in the text is safe.
  return escapeRawCharacters(doc.toString({ lineWidth: 0, minContentWidth: 0 }));
}

/**
 * The same bytes as `libraryYaml` for the shapes manifests have (maps, lists, ASCII strings,
 * integers, booleans), about 20 times faster: serializing through yaml's document model was
 * the largest cost of synth. Returns undefined for anything else, which then takes the library
 * path (null, floats, non-ASCII, control or multi-line strings, lists in lists, integer-like
 * keys, strings the library quotes for syntax).
 */
function fastYaml(value: unknown): string | undefined {
  if (!isPlainMap(value) || Object.keys(value).length === 0) return undefined;
  const out: string[] = [];
  return emitMap(value, '', true, out) ? out.join('') : undefined;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** Keys the engine reorders (array indices) or treats specially: left to the library path. */
const AWKWARD_KEY = /^(?:0|[1-9][0-9]*|__proto__)$/;

/** `key: value` lines at `indent`; the first line's indent is already written when `inSeq`. */
function emitMap(map: Record<string, unknown>, indent: string, topLevel: boolean, out: string[], inSeq = false): boolean {
  const keys = Object.keys(map).filter((k) => map[k] !== undefined);
  keys.sort((a, b) => rank(a, topLevel) - rank(b, topLevel) || (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (AWKWARD_KEY.test(key)) return false;
    const k = scalarString(key);
    if (k === undefined) return false;
    out.push(i === 0 && inSeq ? k : indent + k, ':');
    if (!emitValue(map[key], indent, out)) return false;
  }
  return true;
}

/** The value after `key:` (or after `- `): inline scalar or empty collection, else nested lines. */
function emitValue(value: unknown, indent: string, out: string[]): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return out.push(' []\n'), true;
    out.push('\n');
    return emitSeq(value, `${indent}  `, out);
  }
  if (isPlainMap(value)) {
    if (!Object.keys(value).some((k) => value[k] !== undefined)) return out.push(' {}\n'), true;
    out.push('\n');
    return emitMap(value, `${indent}  `, false, out);
  }
  const s = inlineScalar(value);
  if (s === undefined) return false;
  out.push(' ', s, '\n');
  return true;
}

function emitSeq(items: unknown[], indent: string, out: string[]): boolean {
  for (const item of items) {
    out.push(indent, '-');
    if (isPlainMap(item) && Object.keys(item).some((k) => item[k] !== undefined)) {
      out.push(' ');
      if (!emitMap(item, `${indent}  `, false, out, true)) return false;
    } else if (Array.isArray(item) && item.length > 0) {
      return false; // a list in a list: rare in manifests
    } else if (!emitValue(item, indent, out)) {
      return false;
    }
  }
  return true;
}

function inlineScalar(value: unknown): string | undefined {
  if (typeof value === 'string') return scalarString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  return undefined;
}

/** Cannot start a plain scalar, or ends/contains what would end one (the yaml library's rule). */
const PLAIN_UNSAFE = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$|^---|^\.\.\./;

/** A one-line printable ASCII string as the library path writes it (plain, or double-quoted when not a string to some reader). */
function scalarString(text: string): string | undefined {
  if (text.length > 1000 || !/^[\x20-\x7e]*$/.test(text)) return undefined;
  if (resolvesToNonString(text)) return /["\\]/.test(text) ? undefined : `"${text}"`;
  return PLAIN_UNSAFE.test(text) ? undefined : text;
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
