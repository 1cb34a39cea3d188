/**
 * When a string can be written as a plain YAML scalar, and which characters must be escaped.
 *
 * Our output is read by Kubernetes (sigs.k8s.io/yaml: go-yaml v2, YAML 1.1 with Go's number
 * parsing), kustomize and Flux (go-yaml v3), our own synth (the `yaml` package in 1.1 mode) and
 * whatever a user points at it (YAML 1.2 readers, js-yaml). A string is written plain only when
 * every one of them reads it back as that same string.
 */

/**
 * Plain scalars that a reader resolves to something other than a string, by the table that
 * says so. Each row is the table's regular expression as published, anchored; a plain scalar
 * matching any row is written double-quoted.
 */
const NOT_A_STRING: readonly RegExp[] = [
  // YAML 1.1 type repository, https://yaml.org/type/ (2005 working drafts), the resolver of
  // Kubernetes's decoder. bool.html:
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  // int.html: base 2, base 8, base 10, base 16, base 60 (sexagesimal).
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  // float.html: base 10 (`[0-9.]*` as published, so `1.2.3` counts: the YAML test-schema
  // project reads it as a typo for `[0-9_]*`, but quoting costs nothing and a literal reader
  // exists), base 60, infinity, not a number.
  /^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  // null.html (including the empty scalar), merge.html, value.html.
  /^(?:~|null|Null|NULL|)$/,
  /^<<$/,
  /^=$/,
  // timestamp.html: ymd, then the long form; the space before a numeric zone is allowed as in
  // the page's own example `2001-12-14 21:59:43.10 -5` (and as PyYAML and js-yaml read it).
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,

  // YAML 1.2.2 §10.3.2, the core schema's tag resolution table
  // (https://yaml.org/spec/1.2.2/#1032-tag-resolution): null, bool, int base 10, 8, 16, float
  // number, infinity, not a number.
  /^(?:null|Null|NULL|~|)$/,
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/,
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,

  // The `yaml` package's 1.1 schema (our own reader, parseYamlDocuments) reads more than the
  // pages: any leading zeros as decimal (`08`) or base 60 (`0:20`), an exponent without a dot or
  // sign (`e5`, `1_0e5`) and one-digit months, days and hours in timestamps
  // (node_modules/yaml/dist/schema/yaml-1.1).
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

/**
 * go-yaml (sigs.k8s.io/yaml's goyaml.v2 for Kubernetes, goyaml.v3 for kustomize; resolve.go)
 * drops every `_` from a plain scalar that starts with a digit or a sign and hands the rest to
 * Go's strconv.ParseInt/ParseUint with base 0, then to its float pattern. Base 0 takes the
 * prefixes 0b 0B 0o 0O 0x 0X and a leading 0 as octal, so `0X1F`, `0B101`, `0O17` and `1__0` are
 * numbers to Kubernetes although no YAML table lists them.
 */
const GO_NUMBER = /^[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)$/;

const NOT_A_STRING_ANY = new RegExp(NOT_A_STRING.map((row) => `(?:${row.source})`).join('|'));
/** First characters no row above can start with: most strings are decided by this one test. */
const CANNOT_RESOLVE = /^[^-+.0-9~<=yYnNtTfFoOeE]/;

/**
 * Whether some YAML 1.1 or 1.2 reader (see NOT_A_STRING and GO_NUMBER) reads `text`, written
 * plain, as a bool, number, null, timestamp, merge or value key instead of a string.
 */
export function resolvesToNonString(text: string): boolean {
  if (CANNOT_RESOLVE.test(text)) return false;
  if (NOT_A_STRING_ANY.test(text)) return true;
  return /^[-+0-9]/.test(text) && GO_NUMBER.test(text.replace(/_/g, ''));
}

/**
 * Characters that must never be written raw in any scalar style: everything outside YAML's
 * c-printable production (YAML 1.2.2 §5.1: C0 controls but tab and LF, DEL, C1 controls,
 * surrogates, U+FFFE, U+FFFF), the byte order mark U+FEFF, and the line breaks that YAML 1.1
 * (§5.4, go-yaml) folds or normalizes: CR, NEL U+0085, LS U+2028 and PS U+2029.
 */
const MUST_ESCAPE = /[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;

/** Whether `text` holds a character that can only be written as an escape in a double-quoted scalar. */
export function needsEscaping(text: string): boolean {
  return MUST_ESCAPE.test(text);
}

/**
 * Whether `text` must be written double-quoted, whatever style the `yaml` package would pick:
 * a plain form would not be a string to some reader, it holds a character only an escape can
 * write, or it is a multi-line string with a line starting with a tab, which as a block
 * scalar go-yaml refuses ("found a tab character where an indentation space is expected").
 */
export function needsDoubleQuotes(text: string): boolean {
  return resolvesToNonString(text) || needsEscaping(text) || (text.includes('\n') && /(?:^|\n)\t/.test(text));
}

/**
 * Cannot start a plain scalar, or ends or contains what would end one, in a block mapping key
 * or value (the `yaml` package's rule, plus tabs and line breaks, which it writes otherwise).
 */
const PLAIN_UNSAFE = /^[ \t,[\]{}#&*!|>'"%@`]|^[?:-]$|^[?:-][ \t]|: | #|[ \t:]$|^---|^\.\.\.|[\t\n]/;

/**
 * Whether `text` must be quoted to be read back as itself, as a mapping key or a value: written
 * plain, some YAML 1.1 or 1.2 reader would read another type (`Y`, `on`, `0X1F`, `~`, `<<`),
 * another string (cut at ` #`, trimmed, folded) or fail. Write it with `quoteDouble` when true.
 * For one-line keys and values under 1024 characters (longer keys need YAML's explicit `? ` form).
 */
export function needsQuoting(text: string): boolean {
  return PLAIN_UNSAFE.test(text) || resolvesToNonString(text) || needsEscaping(text);
}

/** Characters JSON.stringify leaves raw that a YAML double-quoted scalar must escape. */
const RAW_IN_JSON = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * Escapes, in YAML double-quoted syntax, the characters of `json` (JSON.stringify output, or YAML
 * text whose every such character is inside a double-quoted scalar) that JSON leaves raw: the
 * `yaml` package's own spelling (`\x7f`, `\N`, `\L`, `\P`, `\ufeff`), which every reader knows.
 */
export function escapeRawCharacters(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x85) return '\\N';
    if (code === 0x2028) return '\\L';
    if (code === 0x2029) return '\\P';
    return code < 0x100 ? `\\x${code.toString(16)}` : `\\u${code.toString(16)}`;
  });
}

/** C0 escapes the `yaml` package writes with YAML's short names instead of JSON's `\u00XX`. */
const SHORT_ESCAPES: Record<string, string> = { '00': '\\0', '07': '\\a', '0b': '\\v', '1b': '\\e' };

/**
 * `text` as a one-line double-quoted YAML scalar that every reader reads back as `text`, each
 * character that needs it escaped: `quoteDouble('a\u2028b')` is `"a\Lb"`. For `stillon seal` and
 * other writers that emit YAML line by line; `toYaml` quotes by itself.
 */
export function quoteDouble(text: string): string {
  // Walk JSON's escapes one at a time, so that an escaped backslash is never read as the start of another.
  const json = JSON.stringify(text).replace(/\\(?:u00([0-9a-f]{2})|u[0-9a-f]{4}|.)/g, (escape, c0?: string) =>
    c0 === undefined ? escape : SHORT_ESCAPES[c0] ?? `\\x${c0}`);
  return escapeRawCharacters(json);
}
