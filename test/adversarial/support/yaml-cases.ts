/**
 * Strings that YAML readers treat specially, generated from the resolver tables and the
 * character productions rather than listed by hand. Transcribed from the specifications
 * independently of src/yaml/yaml-scalar.ts, so a row missing there shows up here.
 */

/** Every upper/lower-case spelling of `word`: `on` gives on, oN, On, ON. */
export function caseVariants(word: string): string[] {
  return [...word].reduce<string[]>((acc, ch) => {
    const spellings = ch.toLowerCase() === ch.toUpperCase() ? [ch] : [ch.toLowerCase(), ch.toUpperCase()];
    return acc.flatMap((prefix) => spellings.map((s) => prefix + s));
  }, ['']);
}

/** Every concatenation of one element of each list, in order. */
export function cross(...lists: readonly (readonly string[])[]): string[] {
  return lists.reduce<string[]>((acc, list) => acc.flatMap((prefix) => list.map((s) => prefix + s)), ['']);
}

const SIGNS = ['', '+', '-'];

/**
 * One generated list per table row: YAML 1.1 (yaml.org/type/{bool,int,float,null,merge,value,
 * timestamp}.html), YAML 1.2.2 §10.3.2 (core schema) and go-yaml's number parsing (Go's
 * strconv base 0: upper-case prefixes, `_` anywhere). Each row's alternatives with their case
 * variants, signs, underscores and near misses on either side of the pattern.
 */
export const RESOLVER_CASES: Record<string, string[]> = {
  'bool (1.1: y|Y|yes|...|off|Off|OFF; 1.2: true|True|TRUE|false|...)': ['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off'].flatMap(caseVariants),
  'null (~, null|Null|NULL, empty)': ['~', '', '~~', ...caseVariants('null')],
  'int base 2/8/10/16 (0b, 0o, 0x, leading 0; any case; `_`)': cross(SIGNS, ['0b', '0B', '0o', '0O', '0x', '0X', '0', ''],
    ['0', '1', '7', '101', '17', '1F', 'ff', '8', '9', '_1', '1_', '1_0', '1__0', '_']),
  'int base 60 (1:20, 190:20:30)': cross(SIGNS, ['1', '190', '1_0', '0'], [':0', ':20', ':59', ':60', ':5:9', ':20:30', ':1_0']),
  'float base 10 (1.5, .5, 1., 1.2.3, 685_230.15, 6.8e+5)': cross(SIGNS, ['', '0', '1', '1_0', '685_230'],
    ['.', '.5', '.15', '.2.3', '._5', '.5_'], ['', 'e+3', 'E-3', 'e3', 'e']),
  'float with exponent, no dot (1e5, E5)': cross(SIGNS, ['', '0', '1', '10', '1_0'], ['e5', 'E5', 'e+5', 'e-5', 'E+05', 'e']),
  'float base 60 (190:20:30.15)': cross(SIGNS, ['190:20:30', '1:2', '1:60'], ['.', '.15', '.1_5']),
  'infinity and not a number (.inf, .NaN, any case)': cross(SIGNS, ['.', ''], [...caseVariants('inf'), ...caseVariants('nan')]),
  'merge and value keys (<<, =)': ['<<', '=', '<', '<<<', '==', '=<<', '<<='],
  'timestamp (2001-12-14, 2001-12-14t21:59:43.10-05:00, ...)': cross(
    ['2001-12-14', '2001-1-2', '2001-12-1', '0001-01-01', '2001-02-30', '99-1-1', '20011-1-1'],
    ['', 't21:59:43', 'T21:59:43.10', ' 21:59:43.10', '\t1:2:3', 'T21:59', 'T21:59:43.'],
    ['', 'Z', '-05:00', ' -5', '+1', ' Z', '+12:3'],
  ),
};

/**
 * Characters YAML forbids raw or folds: every C0 control (tab and LF are allowed but turn a
 * plain scalar into a quoted or block one), DEL, every C1 control including NEL, LS and PS,
 * the BOM, U+FFFE and U+FFFF (not c-printable, YAML 1.2.2 §5.1), lone surrogates; and, for
 * contrast, printable neighbours that must stay as they are (NBSP, é, an astral emoji).
 */
export const SPECIAL_CHARACTERS: string[] = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\x7f',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
  '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff',
  '\ud800', '\udbff', '\udc00', '\udfff',
  '\u00a0', '\u00e9', '\ud83d\ude00',
];

/** Where a character goes: alone, at the start, middle or end, doubled, next to a resolver word. */
export const POSITIONS: Array<(c: string) => string> = [
  (c) => c, (c) => `${c}a`, (c) => `a${c}b`, (c) => `a${c}`, (c) => `${c}${c}`, (c) => `yes${c}`, (c) => `${c}0X1F`,
  (c) => `first line\n${c}second line, long enough for the library to fold it: ${c}`,
];

/** YAML syntax next to resolver words: indicators, comments, surrounding blanks. */
export const SYNTAX_CASES: string[] = cross(['', ' ', '\t', '- ', '? ', ': ', '#', '&', '*', '!', '%', '@', '`', '"', "'", '|', '>', '[', '{', ',', '---', '...'],
  ['yes', '0X1F', '~', '1.5', '<<', 'x'], ['', ' ', '\t', ' #c', ': v', ':', '\n']);

/** Every generated case by category, deduplicated across categories (first category wins). */
export function allCases(): Array<{ category: string; text: string }> {
  const seen = new Set<string>();
  const out: Array<{ category: string; text: string }> = [];
  const add = (category: string, texts: readonly string[]) => {
    for (const text of texts) {
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ category, text });
    }
  };
  for (const [category, texts] of Object.entries(RESOLVER_CASES)) add(category, texts);
  add('special characters at start, middle, end, in long and multi-line strings', SPECIAL_CHARACTERS.flatMap((c) => POSITIONS.map((at) => at(c))));
  add('syntax around resolver words', SYNTAX_CASES);
  return out;
}

/** Whether a string holds half of a surrogate pair: it has no UTF-8 form, so no file can carry it raw. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/**
 * Characters kustomize (v5, kyaml on go-yaml v3) cannot carry, however the file spells them.
 * It reads our escapes (`\x7f`, `\N`, `\L`) correctly, then writes the object out again:
 * DEL, the C1 controls and U+FFFE/U+FFFF go raw into JSON and its own reader refuses them
 * ("control characters are not allowed"); NEL, LS and PS it writes as YAML 1.1 line breaks,
 * which come back as a space or a break plus indentation. No such value reaches a cluster
 * through Flux intact; our file is right, every JavaScript reader reads it back.
 */
export function kustomizeCannotCarry(text: string): boolean {
  return /[\x7f-\x9f\u2028\u2029\ufffe\uffff]/.test(text);
}
