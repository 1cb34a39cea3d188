/** Small Markdown helpers that keep the source readable as plain text. */

/** A table cell: one line, pipes escaped. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Inline code, safe for any content. */
export function code(text: string): string {
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  return ticks.length > 1 ? `${ticks} ${text} ${ticks}` : `\`${text}\``;
}

/** A relative link target, with characters that would end the link escaped. */
export function link(text: string, target: string): string {
  return `[${text.replace(/([[\]])/g, '\\$1')}](${encodeURI(target).replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/**
 * A table whose columns are padded to a common width, so that the source lines up like the
 * rendered table does.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The placeholder of an empty cell. */
export const NONE = '–';
