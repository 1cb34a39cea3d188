import { CliIo, Style, paint } from './io';
import { Severity, StillonError, Violation } from '../errors';

export interface FormatOptions {
  /** Colour the severities (error red, warning yellow). @default false */
  readonly color?: boolean;
  /** Heading of findings that belong to no app. @default '(repository)' */
  readonly heading?: string;
}

/**
 * Violations grouped by app, errors first, then a count: what a person reads after a failed synth.
 * Every command prints its errors in this form, usage errors included (see `formatError`).
 */
export function formatViolations(violations: readonly Violation[], options: FormatOptions = {}): string {
  if (!violations.length) return '';
  const other = options.heading ?? '(repository)';
  const byApp = new Map<string, Violation[]>();
  for (const v of violations) byApp.set(v.app ?? other, [...byApp.get(v.app ?? other) ?? [], v]);
  const lines: string[] = [];
  for (const [app, list] of byApp) {
    lines.push(`${app}:`);
    for (const v of list) {
      const severity = v.severity === Severity.ERROR ? 'error' : 'warning';
      lines.push(`  ${paint(severity, severity, options.color)} ${v.code}${v.path ? ` at ${v.path}` : ''}`);
      lines.push(`    ${v.message}`);
      lines.push(`    fix: ${v.fix}`);
    }
  }
  const errors = violations.filter((v) => v.severity === Severity.ERROR).length;
  lines.push(`${errors} error(s), ${violations.length - errors} warning(s)`);
  return `${lines.join('\n')}\n`;
}

/**
 * One error of a command in the form of `formatViolations`, headed by the command
 * (`stillon new:`), e.g. for a usage error or a refused input.
 * @param command the subcommand, e.g. `new`. @default - `stillon` itself
 */
export function formatError(command: string | undefined, error: StillonError, options: Omit<FormatOptions, 'heading'> = {}): string {
  return formatViolations([error.toViolation()], { ...options, heading: command ? `stillon ${command}` : 'stillon' });
}

/**
 * A usage error of `stillon <command>` (code `SynthUsage`, `NewUsage`, ...; `Usage` for stillon
 * itself): a flag it does not know, a missing argument. `where` is the flag or argument; the fix
 * points at the command's help unless given.
 */
export function usageError(command: string | undefined, where: string, detail: string, fix?: string): StillonError {
  // `set-image` → `SetImageUsage`.
  const code = command ? `${command.split('-').map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`).join('')}Usage` : 'Usage';
  return new StillonError(code, where, detail, fix ?? `see \`stillon ${command ? `${command} ` : ''}--help\``);
}

/** A parseArgs error (unknown option, missing value) as a usage error naming the option. */
export function parseArgsError(command: string, error: unknown): StillonError {
  // parseArgs adds a hint about `--` after the first sentence; the fix says where the options are.
  const message = String((error as Error)?.message ?? error).split('\n')[0].replace(/\. To specify .*$/, '');
  const option = /'(-[^'=\s]*)/.exec(message)?.[1];
  return usageError(command, option ?? 'arguments', message);
}

/** Prints a usage error of `stillon <command>` on stderr; returns its exit code, 2. */
export function reportUsage(io: CliIo, command: string | undefined, error: StillonError): number {
  io.err(formatError(command, error, { color: io.color?.err }));
  return 2;
}

/** What a command changed on disk, by relative path. */
export interface FileChanges {
  readonly created?: readonly string[];
  readonly updated?: readonly string[];
  readonly deleted?: readonly string[];
}

/** `created <file>` / `updated <file>` / `deleted <file>`, one a line, the verb coloured on a terminal. */
export function formatFileChanges(changes: FileChanges, color?: boolean): string {
  const verbs: Array<[Extract<Style, 'created' | 'updated' | 'deleted'>, readonly string[] | undefined]> = [
    ['created', changes.created], ['updated', changes.updated], ['deleted', changes.deleted],
  ];
  return verbs.flatMap(([verb, files]) => (files ?? []).map((f) => `${paint(verb, verb, color)} ${f}\n`)).join('');
}
