import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpSession, startMcp } from './mcp-client';
import { readTree, removeTempRepo, tempRepo } from '../support/temp-repo';

let repo: string;
let mcp: McpSession;

/** Paths whose bytes differ between two trees, sorted. */
function changedPaths(before: Map<string, { sha256: string }>, after: Map<string, { sha256: string }>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p)?.sha256 !== after.get(p)?.sha256).sort();
}
const reported = (json: any) => [...json.created, ...json.updated, ...json.deleted].sort();

beforeAll(async () => {
  repo = tempRepo();
  mcp = await startMcp(repo);
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  removeTempRepo(repo);
});

describe('stillon mcp: set_image', () => {
  test('is a repository write that replaces nothing and can be repeated', async () => {
    const { tools } = await mcp.client.listTools();
    const tool = tools.find((t) => t.name === 'set_image')!;
    expect(tool.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(tool.inputSchema.required).toEqual(['app', 'image']);
  });

  test('sets one literal of the app file, synthesizes the app, reports exactly the files it changed with their diff', async () => {
    const before = readTree(repo);
    const { json, isError } = await mcp.call('set_image', { app: 'echo', image: 'registry.example.test/echo:1.11.0' });
    expect(isError).toBe(false);
    expect(json).toMatchObject({ ok: true, created: [], deleted: [], updated: ['apps/echo.ts', 'docs/apps.md', 'kustomize/echo/deployment-echo.yaml'] });
    expect(reported(json)).toEqual(changedPaths(before, readTree(repo)));
    expect(json.diff).toContain("-    image: 'registry.example.test/echo:1.10.3',\n+    image: 'registry.example.test/echo:1.11.0',\n");
    expect(json.diff).toContain('-          image: registry.example.test/echo:1.10.3\n+          image: registry.example.test/echo:1.11.0\n');
    expect(json.output).toContain('apps/echo.ts:6 registry.example.test/echo:1.10.3 -> registry.example.test/echo:1.11.0');
    expect(json.note).toContain('Nothing was committed');
    // The next call sees the file as it is now.
    const listed = (await mcp.call('list_apps')).json.apps.find((a: any) => a.name === 'echo');
    expect(listed.images).toEqual(['registry.example.test/echo:1.11.0']);
  });

  test('called again with the same image, it changes nothing and succeeds', async () => {
    const before = readTree(repo);
    const { json, isError } = await mcp.call('set_image', { app: 'echo', image: 'registry.example.test/echo:1.11.0' });
    expect(isError).toBe(false);
    expect(json).toMatchObject({ ok: true, created: [], updated: [], deleted: [], diff: '' });
    expect(json.output).toContain('already holds registry.example.test/echo:1.11.0');
    expect(readTree(repo)).toEqual(before);
  });

  test('container picks the construct by id', async () => {
    const { json, isError } = await mcp.call('set_image', { app: 'reader', image: 'postgres:16.5-alpine', container: 'reader-postgres' });
    expect(isError).toBe(false);
    expect(json.updated).toEqual(['apps/reader.ts', 'docs/apps.md', 'kustomize/reader/deployment-reader-postgres.yaml']);
    expect(readFileSync(join(repo, 'apps/reader.ts'), 'utf8')).toContain("image: 'postgres:16.5-alpine',");
  });

  test.each([
    ['an image the app does not run', { app: 'echo', image: 'nginx:1.27.3' }, 'ImageNotFound'],
    ['an unknown app', { app: 'nope', image: 'nginx:1.27.3' }, 'UnknownApp'],
    ['an app name that looks like an option', { app: '--help', image: 'nginx:1.27.3' }, 'UnknownApp'],
    ['a container the app does not have', { app: 'reader', image: 'postgres:17.2', container: 'reader' }, 'ContainerNotFound'],
    ['an image without a tag', { app: 'echo', image: 'registry.example.test/echo' }, 'SetImageUsage'],
  ])('fails: refuses %s and writes nothing', async (_case, args, code) => {
    const before = readTree(repo);
    const { json, isError } = await mcp.call('set_image', args);
    expect(isError).toBe(true);
    expect(json.output).toContain(code);
    expect(json).toMatchObject({ ok: false, created: [], updated: [], deleted: [], diff: '' });
    expect(readTree(repo)).toEqual(before);
  });
});
