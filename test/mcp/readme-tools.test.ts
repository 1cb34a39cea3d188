import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpSession, startMcp } from './mcp-client';
import { REPO_ROOT, removeTempRepo, tempRepo } from '../support/temp-repo';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** The rows of the tool table in the README's "AI assistants (stillon mcp)" section. */
function readmeTools(): { name: string; hints: Record<string, boolean> }[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('AI assistants (stillon mcp)'));
  if (!section) throw new Error('README.md has no section "## AI assistants (stillon mcp)"');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const header = lines[0].split('|').map((c) => c.trim());
  return lines.slice(2).map((line) => {
    const cells = line.split('|').map((c) => c.trim());
    const cell = (name: string) => cells[header.indexOf(name)];
    return {
      name: cell('Tool').replace(/`/g, ''),
      hints: Object.fromEntries(HINTS.map((h) => [h, cell(h) === 'true' ? true : cell(h) === 'false' ? false : (cell(h) as never)])),
    };
  });
}

let repo: string;
let mcp: McpSession;
beforeAll(async () => {
  repo = tempRepo({ withOutput: false });
  mcp = await startMcp(repo);
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  removeTempRepo(repo);
});

test('the README lists every tool, in order, with the annotations tools/list returns', async () => {
  const { tools } = await mcp.client.listTools();
  const served = tools.map((t) => ({ name: t.name, hints: Object.fromEntries(HINTS.map((h) => [h, t.annotations?.[h]])) }));
  expect(readmeTools()).toEqual(served);
  // Every hint is stated, none left to a client's default.
  for (const tool of served) for (const hint of HINTS) expect(typeof tool.hints[hint]).toBe('boolean');
});

test('the cluster tools are read-only and the write tools stay in the repository (openWorldHint false)', async () => {
  const { tools } = await mcp.client.listTools();
  const writes = tools.filter((t) => !t.annotations?.readOnlyHint).map((t) => t.name);
  expect(writes).toEqual(['new_app', 'set_image', 'seal_secret', 'synth']);
  for (const tool of tools.filter((t) => t.annotations?.openWorldHint)) expect(tool.annotations?.readOnlyHint).toBe(true);
});
