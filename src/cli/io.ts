/** What a command prints in colour, when the stream shows colour. */
export type Style = 'error' | 'warning' | 'created' | 'updated' | 'deleted';

/** ANSI foreground colours: errors and deletions red, warnings yellow, creations green, updates cyan. */
const ANSI: Record<Style, number> = { error: 31, warning: 33, created: 32, updated: 36, deleted: 31 };

/** Where a command reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  /** Repository root the command works on. */
  readonly cwd: string;
  /** Whether `out` and `err` may carry colour codes. @default - no colour on either */
  readonly color?: { readonly out: boolean; readonly err: boolean };
  out(text: string): void;
  err(text: string): void;
}

/**
 * Whether a stream shows colour: never when `NO_COLOR` is set to anything but the empty string
 * (https://no-color.org), always when `FORCE_COLOR` is set (and not `0`), otherwise on a terminal
 * that is not `TERM=dumb`. A pipe or a file gets plain text, so logs and `grep` stay readable.
 */
export function colorFor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** `text` in the colour of `style` when `enabled`, else unchanged. */
export function paint(text: string, style: Style, enabled: boolean | undefined): string {
  return enabled ? `\u001b[${ANSI[style]}m${text}\u001b[39m` : text;
}

export function processIo(cwd: string = process.cwd()): CliIo {
  guardPipes();
  return {
    cwd,
    out: (text) => write(process.stdout, text),
    err: (text) => write(process.stderr, text),
    color: { out: colorFor(process.stdout), err: colorFor(process.stderr) },
  };
}

/** Once the reader of a stream has gone (`stillon new ... | head -3`), writes to it are dropped. */
function write(stream: NodeJS.WriteStream, text: string): void {
  if (!stream.destroyed) stream.write(text);
}

let pipesGuarded = false;

/**
 * A closed pipe is not an error of ours: the reader has what it wanted. Node reports it as an
 * `error` event on stdout or stderr, which would crash the process with a stack trace, possibly
 * in the middle of writing the output tree. Instead the stream is dropped (it is destroyed by
 * then) and the command finishes its work and exits with its own code, quietly. Any other write
 * error of a standard stream (EIO, ENOSPC on a redirect) gets one line and exit code 2.
 */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      process.exitCode = 2;
      const name = stream === process.stdout ? 'stdout' : 'stderr';
      if (stream !== process.stderr) write(process.stderr, `stillon: cannot write to ${name}: ${error.code ?? error.message}\n`);
    });
  }
}

/** An in-memory CliIo for tests: what the command printed is in `stdout` / `stderr`. */
export class BufferIo implements CliIo {
  public stdout = '';
  public stderr = '';
  public readonly color?: { readonly out: boolean; readonly err: boolean };
  /** @param color whether the command may colour its output, as on a terminal. @default false */
  constructor(public readonly cwd: string, color = false) {
    this.color = { out: color, err: color };
  }
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}
