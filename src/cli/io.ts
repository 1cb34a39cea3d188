/** Where a command reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  /** Repository root the command works on. */
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export function processIo(cwd: string = process.cwd()): CliIo {
  return {
    cwd,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
}

/** An in-memory CliIo for tests: what the command printed is in `stdout` / `stderr`. */
export class BufferIo implements CliIo {
  public stdout = '';
  public stderr = '';
  constructor(public readonly cwd: string) {}
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}
