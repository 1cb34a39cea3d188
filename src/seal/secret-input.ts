import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SealError } from './errors';
import { validateSecretKey } from './secret-data';

/**
 * Where `stillon seal` reads plaintext from. Every error here names a flag, a file, a line or a
 * key, and never quotes the value.
 */

/** Splits `key=value` at the first `=`, as kubectl's `--from-literal` does. */
export function splitKeyValue(arg: string, flag: string): [string, string] {
  const at = arg.indexOf('=');
  if (at <= 0) {
    // The argument may be the secret itself (`--from-literal s3cret`): do not echo it.
    throw new SealError('SealBadArgument', flag, 'expected key=value', `pass ${flag} <key>=<value>`);
  }
  const key = arg.slice(0, at);
  validateSecretKey(key, flag);
  return [key, arg.slice(at + 1)];
}

/** `--from-file [key=]path`: the key defaults to the file's base name, as with kubectl. */
export function readFromFile(arg: string, cwd: string): [string, Buffer] {
  const at = arg.indexOf('=');
  const path = at < 0 ? arg : arg.slice(at + 1);
  const key = at < 0 ? basename(path) : arg.slice(0, at);
  validateSecretKey(key, `--from-file ${arg}`);
  return [key, readInputFile(path, cwd, '--from-file')];
}

/**
 * `--from-env-file`: `KEY=value` lines, blank lines and `#` comments skipped. Like kubectl,
 * values are taken verbatim: quotes are part of the value, nothing is expanded.
 */
export function readEnvFile(path: string, cwd: string): Array<[string, Buffer]> {
  const text = readInputFile(path, cwd, '--from-env-file').toString('utf8').replace(/^\uFEFF/, '');
  const entries: Array<[string, Buffer]> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trimStart();
    if (line === '' || line.startsWith('#')) return;
    const where = `${path}:${index + 1}`;
    const at = line.indexOf('=');
    if (at <= 0) {
      throw new SealError('SealBadEnvFile', where, 'expected KEY=value', 'fix the line, or remove it');
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

function readInputFile(path: string, cwd: string, flag: string): Buffer {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (e) {
    throw new SealError('SealFileUnreadable', `${flag} ${path}`, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})`,
      'check the path (relative paths start at the repository root)');
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
