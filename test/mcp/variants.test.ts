import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpSession, startMcp } from './mcp-client';
import { readTree, removeTempRepo } from '../support/temp-repo';
import { clustersRepo } from '../synth/clusters-repo';

/** The MCP tools on a repository with clusters and environments: one app, several variants. */
let repo: string;
let mcp: McpSession;

beforeAll(async () => {
  repo = clustersRepo();
  mcp = await startMcp(repo);
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  removeTempRepo(repo);
});

describe('stillon mcp on clusters and environments', () => {
  test('list_apps names each variant with its app, cluster and environment', async () => {
    const { json } = await mcp.call('list_apps');
    const choremane = json.apps.filter((a: any) => a.app === 'choremane').map((a: any) => [a.name, a.cluster, a.environment, a.images]);
    expect(choremane).toEqual([
      ['choremane-production', 'nucy', 'production', ['ghcr.io/acme/choremane:1.4.0']],
      ['choremane-staging', 'nucy', 'staging', ['ghcr.io/acme/choremane:sha-1a2b3c4']],
    ]);
  });

  test('show_app by the app name shows every variant; by a variant name, that one', async () => {
    const app = (await mcp.call('show_app', { name: 'choremane' })).json;
    expect(app.sourceFile).toBe('apps/choremane.ts');
    expect(app.facts).toBeNull();
    expect(app.variants.map((v: any) => [v.name, v.environment])).toEqual([['choremane-production', 'production'], ['choremane-staging', 'staging']]);
    const staging = (await mcp.call('show_app', { name: 'choremane-staging' })).json;
    expect(staging.facts.namespace).toBe('choremane-staging');
    expect(staging.variants.map((v: any) => v.name)).toEqual(['choremane-staging']);
  });

  test('set_image with env sets that environment\'s literal only', async () => {
    const { json, isError } = await mcp.call('set_image', { app: 'choremane', image: 'ghcr.io/acme/choremane:1.5.0', env: 'production' });
    expect(isError).toBe(false);
    const source = readFileSync(join(repo, 'apps/choremane.ts'), 'utf8');
    expect(source).toContain("production: 'ghcr.io/acme/choremane:1.5.0'");
    expect(source).toContain("staging: 'ghcr.io/acme/choremane:sha-1a2b3c4'");
    expect(json.updated).toContain('apps/choremane.ts');
    expect(json.updated.filter((f: string) => f.includes('choremane-staging'))).toEqual([]);
  });

  test('fails set_image with an environment the config does not declare, changing nothing', async () => {
    const before = readTree(repo);
    const { json, isError } = await mcp.call('set_image', { app: 'choremane', image: 'ghcr.io/acme/choremane:1.6.0', env: 'qa' });
    expect(isError).toBe(true);
    expect(json.output).toMatch(/qa/);
    expect(readTree(repo)).toEqual(before);
  });
});
