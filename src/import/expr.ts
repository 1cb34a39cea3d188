/**
 * A TypeScript expression as the importer builds it: plain values become literals, `code()`
 * marks a piece of source to print as is (a variable, `Cpu.millis(100)`, `db.key('X')`).
 */
export type Expr = string | number | boolean | undefined | Code | readonly Expr[] | { readonly [key: string]: Expr };

/** Source text printed unchanged. */
export class Code {
  constructor(public readonly source: string) {}
}

export function code(source: string): Code {
  return new Code(source);
}

/** A single-quoted string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : str(k);
}

/** Width past which an object or array breaks over several lines. */
const WIDTH = 110;

/**
 * Prints an expression; `indent` is the indentation of the line it starts on. Undefined members
 * are left out (an option not given), so the source names only what differs from the defaults.
 */
export function print(e: Expr, indent = ''): string {
  if (e instanceof Code) return e.source;
  // Multi-line text (a config file) reads best line by line; the source is indented, so no template literal.
  if (typeof e === 'string' && e.includes('\n') && e.length > 80) return `${print(e.split('\n'), indent)}.join('\\n')`;
  if (typeof e === 'string') return str(e);
  if (typeof e === 'number' || typeof e === 'boolean') return String(e);
  if (e === undefined) return 'undefined';
  const inner = `${indent}  `;
  if (Array.isArray(e)) {
    const items = (e as readonly Expr[]).map((x) => print(x, inner));
    const flat = `[${items.join(', ')}]`;
    if (flat.length + indent.length <= WIDTH && !flat.includes('\n')) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(e as Record<string, Expr>).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{}';
  const parts = entries.map(([k, v]) => `${key(k)}: ${print(v, inner)}`);
  const flat = `{ ${parts.join(', ')} }`;
  if (flat.length + indent.length <= WIDTH && !flat.includes('\n')) return flat;
  return `{\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}}`;
}
