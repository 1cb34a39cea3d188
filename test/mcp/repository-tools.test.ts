import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpSession, startMcp } from './mcp-client';
import { TEST_CERT, unsealDocument } from '../seal/unseal';
import { REPO_ROOT, readTree, removeTempRepo, tempRepo } from '../support/temp-repo';

// Names that must never come back: the value sealed, and its base64 as a Secret would hold it.
const CANARY = 'canary-Zq8vX2-sealed-value';
const CANARY_B64 = Buffer.from(CANARY).toString('base64');

let repo: string;
let mcp: McpSession;
const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });

/** Paths whose bytes differ between two trees, sorted. */
function changedPaths(before: Map<string, { sha256: string }>, after: Map<string, { sha256: string }>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p)?.sha256 !== after.get(p)?.sha256 && !p.startsWith('.git/')).sort();
}
const reported = (json: any) => [...json.created, ...json.updated, ...json.deleted].sort();

beforeAll(async () => {
  repo = tempRepo();
  copyFileSync(TEST_CERT, join(repo, 'sealed-secrets', 'cert.pem'));
  // A repository with one commit: at the end it still has one, whatever the tools wrote.
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '-q', '--allow-empty', '-m', 'init');
  mcp = await startMcp(repo);
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  removeTempRepo(repo);
});

describe('stillon mcp: repository tools over stdio', () => {
  test('lists every tool', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'list_apps', 'show_app', 'synth_check', 'check_repo', 'new_app', 'set_image', 'seal_secret', 'synth',
      'kubectl_get', 'kubectl_describe', 'pod_logs', 'events', 'flux_status', 'api_resources', 'kubectl', 'drift',
    ]);
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
    }
    expect(tools.find((t) => t.name === 'seal_secret')!.inputSchema.required).toEqual(['namespace', 'name', 'values']);
  });

  test('list_apps and show_app report the fixture apps as synth renders them', async () => {
    const { json, isError } = await mcp.call('list_apps');
    expect(isError).toBe(false);
    expect(json.apps.map((a: any) => a.name)).toEqual(['bookmarks', 'echo', 'reader']);
    const bookmarks = json.apps.find((a: any) => a.name === 'bookmarks');
    expect(bookmarks).toMatchObject({ namespace: 'bookmarks', sourceFile: 'apps/bookmarks.ts', hosts: ['bookmarks.stillon.top'], images: ['registry.example.test/bookmarks:1.36.0'] });
    expect(bookmarks.sealedSecrets).toEqual([{ name: 'bookmarks-admin', keys: ['ADMIN_PASSWORD'] }]);

    const shown = (await mcp.call('show_app', { name: 'echo', includeRendered: true })).json;
    expect(shown.sourceFile).toBe('apps/echo.ts');
    expect(shown.source).toBe(readFileSync(join(repo, 'apps/echo.ts'), 'utf8'));
    expect(shown.files.map((f: any) => f.path)).toEqual(['apps/echo.yaml', 'kustomize/echo/deployment-echo.yaml', 'kustomize/echo/kustomization.yaml', 'kustomize/echo/service-echo.yaml', 'namespaces/echo.yaml']);
    expect(shown.files.find((f: any) => f.path === 'kustomize/echo/service-echo.yaml').text).toContain('kind: Service');
    expect(shown.facts.workloads.map((w: any) => w.name)).toEqual(['echo']);
  });

  test('fails: show_app of an unknown app names the apps there are', async () => {
    const { json, isError } = await mcp.call('show_app', { name: 'nope' });
    expect(isError).toBe(true);
    expect(json.error).toMatchObject({ code: 'UnknownApp', where: 'nope' });
    expect(json.error.fix).toContain('bookmarks, echo, reader');
  });

  test('synth_check reports what synth then writes; synth reports the files and diff it wrote; then all is up to date', async () => {
    const check = (await mcp.call('synth_check')).json;
    const before = readTree(repo);
    const { json, isError } = await mcp.call('synth');
    expect(isError).toBe(false);
    const after = readTree(repo);
    expect(reported(json)).toEqual(changedPaths(before, after));
    expect(reported(json)).toEqual([...check.stale, ...check.missing, ...check.extra].sort());
    for (const file of json.updated) expect(json.diff).toContain(`--- a/${file}\n+++ b/${file}\n`);
    expect(json.note).toContain('Nothing was committed');

    expect((await mcp.call('synth_check')).json).toMatchObject({ upToDate: true, stale: [], missing: [], extra: [], diff: '' });
    const again = (await mcp.call('synth')).json;
    expect(again).toMatchObject({ wrote: false, created: [], updated: [], deleted: [], diff: '' });
    expect(changedPaths(after, readTree(repo))).toEqual([]);
  });

  test('sees an app file edited while the server runs (no stale module cache): synth_check, then synth', async () => {
    const file = join(repo, 'apps/echo.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('echo:1.10.3', 'echo:1.10.4'));
    const check = (await mcp.call('synth_check')).json;
    expect(check.upToDate).toBe(false);
    expect(check.stale).toContain('kustomize/echo/deployment-echo.yaml');
    expect(check.diff).toMatch(/-\s+image: registry\.example\.test\/echo:1\.10\.3\n\+\s+image: registry\.example\.test\/echo:1\.10\.4\n/);

    const { json } = await mcp.call('synth', { app: 'echo' });
    expect(json.updated).toContain('kustomize/echo/deployment-echo.yaml');
    expect(json.diff).toContain('+          image: registry.example.test/echo:1.10.4');
    expect(readFileSync(join(repo, 'kustomize/echo/deployment-echo.yaml'), 'utf8')).toContain('echo:1.10.4');
  });

  test('new_app scaffolds and synthesizes an app and reports exactly the files it wrote, with their diff', async () => {
    const before = readTree(repo);
    const { json, isError } = await mcp.call('new_app', { name: 'web', image: 'nginx:1.27.3', port: 8080, description: 'A web server' });
    expect(isError).toBe(false);
    expect(reported(json)).toEqual(changedPaths(before, readTree(repo)));
    expect(json.created).toEqual(expect.arrayContaining(['apps/web.ts', 'test/apps/web.test.ts', 'apps/web.yaml', 'kustomize/web/deployment-web.yaml', 'kustomize/web/ingress-web.yaml', 'namespaces/web.yaml']));
    expect(json.updated).toEqual(expect.arrayContaining(['apps/kustomization.yaml']));
    expect(json.diff).toContain('--- /dev/null\n+++ b/apps/web.ts\n');
    expect(json.diff).toContain("+    image: 'nginx:1.27.3',");
    expect(json.diff).toContain('+  - web.yaml');
    expect(json.output).toContain('kubectl apply -f namespaces/web.yaml');
    expect((await mcp.call('list_apps')).json.apps.map((a: any) => a.name)).toEqual(['bookmarks', 'echo', 'reader', 'web']);
  });

  test.each([
    ['an existing app', { name: 'echo', image: 'nginx:1.27.3' }, 'AppExists'],
    ['an invalid name', { name: 'Web_App', image: 'nginx:1.27.3' }, 'ScaffoldInvalid'],
    ['a name that looks like an option', { name: '--help', image: 'nginx:1.27.3' }, 'ScaffoldInvalid'],
    ['an image with spaces', { name: 'other', image: 'nginx 1.27' }, 'ScaffoldInvalid'],
  ])('fails: new_app refuses %s and writes nothing', async (_case, args, code) => {
    const before = readTree(repo);
    const { json, isError } = await mcp.call('new_app', args);
    expect(isError).toBe(true);
    expect(json.output).toContain(code);
    expect(json).toMatchObject({ ok: false, created: [], updated: [], deleted: [], diff: '' });
    expect(readTree(repo)).toEqual(before);
  });

  test('seal_secret seals a value the controller can open, and reports the file and its diff without the value', async () => {
    const before = readTree(repo);
    const { json, isError, text } = await mcp.call('seal_secret', { namespace: 'web', name: 'web-env', values: { TOKEN: CANARY } });
    expect(isError).toBe(false);
    expect(json).toMatchObject({ file: 'sealed-secrets/web/web-env.yaml', fileCreated: true, scope: 'strict', sealedKeys: ['TOKEN'], created: ['sealed-secrets/web/web-env.yaml'] });
    expect(reported(json)).toEqual(changedPaths(before, readTree(repo)));
    expect(json.diff).toContain('+    TOKEN: Ag');
    const sealed = readFileSync(join(repo, 'sealed-secrets/web/web-env.yaml'), 'utf8');
    expect(unsealDocument(sealed).TOKEN.toString('utf8')).toBe(CANARY);
    expect(text).not.toContain(CANARY);
  });

  test.each([
    ['an invalid key', { namespace: 'web', name: 'web-env', values: { 'bad key': CANARY } }, 'SealInvalidKey'],
    ['an invalid name', { namespace: 'web', name: 'Web Env', values: { TOKEN: CANARY } }, 'SealInvalidName'],
    ['the value passed as the scope', { namespace: 'web', name: 'web-env', scope: CANARY, values: { TOKEN: CANARY } }, 'SealUsage'],
    ['a value for a type it does not fit', { namespace: 'web', name: 'web-tls', type: 'kubernetes.io/tls', values: { 'tls.crt': CANARY } }, 'SealMissingTypeKey'],
  ])('fails: seal_secret refuses %s, writes nothing and never echoes the value', async (_case, args, code) => {
    const before = readTree(repo);
    const { json, isError, text } = await mcp.call('seal_secret', args);
    expect(isError).toBe(true);
    expect(json.error.code).toBe(code);
    expect(text).not.toContain(CANARY);
    expect(readTree(repo)).toEqual(before);
  });

  test('check_repo returns the stillon check findings as JSON', async () => {
    const { json, isError } = await mcp.call('check_repo');
    expect(isError).toBe(false);
    expect(json).toMatchObject({ schemaVersion: 1, root: '.', passed: true });
    expect(json.apps.map((a: any) => a.name)).toEqual(expect.arrayContaining(['bookmarks', 'echo', 'reader', 'web']));
    const unknown = await mcp.call('check_repo', { rules: ['NoSuchRule'] });
    expect(unknown.isError).toBe(true);
    expect(unknown.json.error.code).toBe('CheckUsage');
  });

  test('the sealed value appears in no answer, no log line and no file; no tool committed', () => {
    expect(mcp.answers.length).toBeGreaterThan(15);
    for (const answer of mcp.answers) {
      expect(answer).not.toContain(CANARY);
      expect(answer).not.toContain(CANARY_B64);
    }
    expect(mcp.stderr()).not.toContain(CANARY);
    const files = [...readTree(repo).keys()].filter((f) => !f.startsWith('.git/'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => readFileSync(join(repo, f)).includes(CANARY))).toEqual([]);
    expect(git('rev-list', '--count', 'HEAD').stdout.trim()).toBe('1');
  });
});

test('fails: stillon mcp refuses to start outside a repository (exit 2, NotARepository)', () => {
  const empty = mkdtempSync(join(tmpdir(), 'stillon-not-a-repo-'));
  try {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'stillon.js'), 'mcp'], { cwd: empty, encoding: 'utf8', input: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('NotARepository');
    expect(result.stdout).toBe('');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
