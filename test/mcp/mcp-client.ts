import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The SDK's subpaths resolve through its `exports` (`./*`), which the lint resolver does not read; tsc and Node do.
// eslint-disable-next-line import/no-unresolved
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
// eslint-disable-next-line import/no-unresolved
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** One `node bin/stillon.js mcp` of a repository, driven by the SDK's own client over stdio. */
export interface McpSession {
  readonly client: Client;
  /** Every text the server sent back, answers and errors, in order: what a leak test searches. */
  readonly answers: string[];
  /** What the server wrote to stderr (its log). */
  stderr(): string;
  /** Calls a tool; returns its text and whether it is an error answer. */
  call(name: string, args?: Record<string, unknown>): Promise<{ text: string; isError: boolean; json: any }>;
  close(): Promise<void>;
}

export async function startMcp(repo: string, env: Record<string, string> = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(repo, 'bin', 'stillon.js'), 'mcp'],
    cwd: repo,
    env: { ...process.env as Record<string, string>, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const client = new Client({ name: 'stillon-test', version: '0.0.0' });
  await client.connect(transport);
  const answers: string[] = [];
  return {
    client,
    answers,
    stderr: () => stderr,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const text = (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
      answers.push(text);
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { text, isError: result.isError === true, json };
    },
    close: () => client.close(),
  };
}

/**
 * A `kubectl` stand-in first on PATH: it logs its argv (one JSON array a line) and prints the
 * canned answer for its words (without `--request-timeout`), else fails as NotFound. No cluster
 * can run here; the log shows every process the server started.
 */
export class FakeKubectl {
  public readonly dir = mkdtempSync(join(tmpdir(), 'stillon-kubectl-'));
  public readonly log = join(this.dir, 'calls.log');
  private readonly responses = join(this.dir, 'responses.json');

  constructor(canned: Record<string, unknown>) {
    writeFileSync(this.log, '');
    writeFileSync(this.responses, JSON.stringify(canned));
    const script = join(this.dir, 'kubectl');
    writeFileSync(script, `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(this.log)}, JSON.stringify(argv) + '\\n');
const canned = JSON.parse(fs.readFileSync(${JSON.stringify(this.responses)}, 'utf8'));
const key = argv.filter((a) => !a.startsWith('--request-timeout')).join(' ');
if (!(key in canned)) {
  process.stderr.write('Error from server (NotFound): ' + key + ' not found\\n');
  process.exit(1);
}
const answer = canned[key];
process.stdout.write(typeof answer === 'string' ? answer : JSON.stringify(answer));
`);
    chmodSync(script, 0o755);
  }

  /** Adds or replaces canned answers; the stand-in reads them on each start. */
  public respond(canned: Record<string, unknown>): void {
    writeFileSync(this.responses, JSON.stringify({ ...JSON.parse(readFileSync(this.responses, 'utf8')), ...canned }));
  }

  /** The environment that puts the stand-in first on PATH. */
  public env(): Record<string, string> {
    return { PATH: `${this.dir}:${process.env.PATH}` };
  }

  /** Every argv the stand-in was started with, in order. */
  public calls(): string[][] {
    return readFileSync(this.log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
