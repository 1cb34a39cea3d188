import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SealError } from './errors';
import { validateSecretKey } from './secret-data';

/**
 * Where `stillon seal` reads plaintext from. Every error here names a flag and its position, a
 * file and line, or a key once it is known to be valid, and never quotes anything that may be a
 * value: an invalid key may be a whole `KEY: value` line, a missing "file" a value typed after
 * the wrong flag.
 */

/** `--from-literal #2`: the second use of the flag, which names an argument without quoting it. */
export function argumentPosition(flag: string, position: number): string {
  return `${flag} #${position}`;
}

/**
 * Splits `key=value` at the first `=`, as kubectl's `--from-literal` does.
 * @param position which use of `flag` this is (1-based), for messages
 */
export function splitKeyValue(arg: string, flag: string, position = 1): [string, string] {
  const where = argumentPosition(flag, position);
  const at = arg.indexOf('=');
  if (at <= 0) {
    // The argument may be the secret itself (`--from-literal s3cret`): do not echo it.
    throw new SealError('SealBadArgument', where, 'expected key=value', `pass ${flag} <key>=<value>`);
  }
  const key = arg.slice(0, at);
  validateSecretKey(key, where);
  return [key, arg.slice(at + 1)];
}

/** `--from-file [key=]path`: the key defaults to the file's base name, as with kubectl. */
export function readFromFile(arg: string, cwd: string, position = 1): [string, Buffer] {
  const where = argumentPosition('--from-file', position);
  const at = arg.indexOf('=');
  const path = at < 0 ? arg : arg.slice(at + 1);
  const key = at < 0 ? basename(path) : arg.slice(0, at);
  validateSecretKey(key, where);
  return [key, readInputFile(path, cwd, where)];
}

/**
 * `--from-env-file`: `KEY=value` lines, blank lines and `#` comments skipped. Like kubectl,
 * values are taken verbatim: quotes are part of the value, nothing is expanded.
 */
export function readEnvFile(path: string, cwd: string, position = 1): Array<[string, Buffer]> {
  const text = readInputFile(path, cwd, argumentPosition('--from-env-file', position)).toString('utf8').replace(/^\uFEFF/, '');
  const entries: Array<[string, Buffer]> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trimStart();
    if (line === '' || line.startsWith('#')) return;
    const where = `${path}:${index + 1}`;
    const at = line.indexOf('=');
    if (at <= 0) {
      throw new SealError('SealBadEnvFile', where, 'expected KEY=value (the line is not repeated here: it may hold a value)', 'fix the line, or remove it');
    }
    const key = line.slice(0, at);
    validateSecretKey(key, where);
    entries.push([key, Buffer.from(line.slice(at + 1), 'utf8')]);
  });
  if (entries.length === 0) {
    throw new SealError('SealBadEnvFile', path, 'no KEY=value line', 'add lines like DATABASE_PASSWORD=..., or use --from-file');
  }
  return entries;
}

/**
 * A file that does not exist is named by its argument only: its "path" may be a value given to
 * the wrong flag (`--from-file token=s3cret`). A file that exists may be named.
 */
function readInputFile(path: string, cwd: string, where: string): Buffer {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') {
      throw new SealError('SealFileUnreadable', where, `no such file (${code}; the path is not repeated here, in case it is a value)`,
        'check the path (relative paths start at the repository root)');
    }
    throw new SealError('SealFileUnreadable', `${where} ${path}`, `cannot read the file (${code ?? e})`,
      'check that it is a readable file');
  }
}

/** The terminal-or-pipe that `--from-stdin` reads; `process.stdin` in the CLI. */
export interface SecretInputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Reads all of a piped stdin, bytes as they are (a trailing newline is kept, and reported by the caller). */
export async function readAll(input: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Asks for a value on a terminal without echoing it: raw mode, so the characters never reach the
 * screen or the terminal's scrollback. Enter ends the value, Backspace deletes, Ctrl-C cancels.
 */
export function promptHidden(prompt: string, input: SecretInputStream, output: NodeJS.WritableStream): Promise<Buffer> {
  return new Promise((resolvePrompt, rejectPrompt) => {
    let value = '';
    output.write(prompt);
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    const finish = (error?: SealError) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) rejectPrompt(error);
      else resolvePrompt(Buffer.from(value, 'utf8'));
      value = '';
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new SealError('SealCancelled', '--from-stdin', 'cancelled at the prompt', 'run the command again'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
