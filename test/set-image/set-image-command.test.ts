import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, isOutput, readTree, removeTempRepo, runCli, tempRepo, treeText } from '../support/temp-repo';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** Lines of `after` that are not at the same place in `before` (the files keep their line count). */
function changedLines(before: string, after: string): Array<{ before: string; after: string }> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return b.flatMap((line, i) => (line === a[i] ? [] : [{ before: a[i], after: line }]));
}

/** A Markdown table row without its padding: a longer tag widens a column of the inventory. */
const unpadded = (text: string) => text.split('\n').map((l) => (l.startsWith('|') ? l.replace(/ +/g, ' ').replace(/-{3,}/g, '---') : l)).join('\n');

/** An app file with two containers of one repository (a web server and its worker). */
const TWO_CONTAINERS = `import { StandardApp, defineApp } from '../src';

export default defineApp('shop', { description: 'A shop' }, (app) => {
  const web = new StandardApp(app, 'shop', {
    image: 'registry.example.test/shop:2.2.0',
    port: 8080,
  });
  // The worker runs the same image with another command.
  web.addSidecar({ name: 'worker', image: "registry.example.test/shop:2.2.0", args: ['work'] });
});
`;

describe('stillon set-image', () => {
  let repo: string;
  beforeAll(() => {
    repo = tempRepo();
  });
  afterAll(() => removeTempRepo(repo));

  test('changes exactly one line of the app file, and in the output only the lines naming the image', () => {
    const before = treeText(repo);
    const result = runCli(repo, ['set-image', 'reader', 'postgres:17.2']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe([
      'updated apps/reader.ts',
      'updated docs/apps.md',
      'updated kustomize/reader/deployment-reader-postgres.yaml',
      'set-image: apps/reader.ts:11 postgres:16.4-alpine -> postgres:17.2; synth: 0 created, 2 updated, 0 deleted.',
      '',
    ].join('\n'));
    const after = treeText(repo);
    const changed = Object.keys(after).filter((rel) => after[rel] !== before[rel]).sort();
    expect(changed).toEqual(['apps/reader.ts', 'docs/apps.md', 'kustomize/reader/deployment-reader-postgres.yaml']);
    expect(changedLines(before['apps/reader.ts'], after['apps/reader.ts']))
      .toEqual([{ before: "    image: 'postgres:16.4-alpine',", after: "    image: 'postgres:17.2'," }]);
    expect(changedLines(before['kustomize/reader/deployment-reader-postgres.yaml'], after['kustomize/reader/deployment-reader-postgres.yaml']))
      .toEqual([{ before: '          image: postgres:16.4-alpine', after: '          image: postgres:17.2' }]);
    const inventory = changedLines(unpadded(before['docs/apps.md']), unpadded(after['docs/apps.md']));
    expect(inventory.length).toBeGreaterThan(0);
    for (const line of inventory) {
      expect(line.before).toContain('postgres:16.4-alpine');
      expect(line.after).toBe(line.before.replace('postgres:16.4-alpine', 'postgres:17.2'));
    }
    // The output is what synth writes for the edited app: nothing is stale.
    expect(runCli(repo, ['synth', '--check'])).toMatchObject({ code: 0 });
  });

  test('set again to the image it has, it changes nothing and exits 0', () => {
    const before = readTree(repo);
    const result = runCli(repo, ['set-image', 'reader', 'docker.io/library/postgres:17.2']);
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'set-image: apps/reader.ts:11 already holds postgres:17.2; synth: 0 created, 0 updated, 0 deleted.\n' });
    expect(readTree(repo)).toEqual(before);
  });

  test('a digest replaces the tag, the name spelled as the literal spells it', () => {
    const before = treeText(repo);
    const result = runCli(repo, ['set-image', 'echo', `registry.example.test/echo@${DIGEST}`]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const after = treeText(repo);
    expect(changedLines(before['apps/echo.ts'], after['apps/echo.ts']))
      .toEqual([{ before: "    image: 'registry.example.test/echo:1.10.3',", after: `    image: 'registry.example.test/echo@${DIGEST}',` }]);
    expect(changedLines(before['kustomize/echo/deployment-echo.yaml'], after['kustomize/echo/deployment-echo.yaml']))
      .toEqual([{ before: '          image: registry.example.test/echo:1.10.3', after: `          image: registry.example.test/echo@${DIGEST}` }]);
  });

  test('--container picks one of two containers of the same repository', () => {
    writeFileSync(join(repo, 'apps/shop.ts'), TWO_CONTAINERS);
    expect(runCli(repo, ['synth', '--app', 'shop'])).toMatchObject({ code: 0 });
    const before = treeText(repo);
    const result = runCli(repo, ['set-image', 'shop', 'registry.example.test/shop:2.3.0', '--container', 'worker']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const after = treeText(repo);
    expect(changedLines(before['apps/shop.ts'], after['apps/shop.ts'])).toEqual([{
      before: '  web.addSidecar({ name: \'worker\', image: "registry.example.test/shop:2.2.0", args: [\'work\'] });',
      after: '  web.addSidecar({ name: \'worker\', image: "registry.example.test/shop:2.3.0", args: [\'work\'] });',
    }]);
    expect(changedLines(before['kustomize/shop/deployment-shop.yaml'], after['kustomize/shop/deployment-shop.yaml']))
      .toEqual([{ before: '          image: registry.example.test/shop:2.2.0', after: '          image: registry.example.test/shop:2.3.0' }]);
  });
});

describe('stillon set-image refuses, exit 1, and nothing changes on disk', () => {
  let repo: string;
  beforeAll(() => {
    repo = tempRepo();
    writeFileSync(join(repo, 'apps/shop.ts'), TWO_CONTAINERS);
    writeFileSync(join(repo, 'apps/latin.ts'), Buffer.concat([Buffer.from('// Caf'), Buffer.from([0xe9]), Buffer.from(`\n${TWO_CONTAINERS.replace(/shop/g, 'latin')}`)]));
    symlinkSync('echo.ts', join(repo, 'apps/linked.ts'));
    writeFileSync(join(repo, 'apps/computed.ts'), [
      "import { StandardApp, defineApp } from '../src';",
      '',
      "const version = '1.4.0';",
      "export default defineApp('computed', (app) => {",
      "  new StandardApp(app, 'computed', { image: `registry.example.test/computed:${version}`, port: 8080 });",
      '});',
      '',
    ].join('\n'));
  });
  afterAll(() => removeTempRepo(repo));

  test.each([
    ['an image an expression builds', ['computed', 'registry.example.test/computed:1.5.0'], 'ImageNotLiteral at apps/computed.ts:5', 'a template literal with substitutions'],
    ['two containers of the repository', ['shop', 'registry.example.test/shop:2.3.0'], 'AmbiguousImage at apps/shop.ts', 'pick one with --container <name>: shop (line 5), worker (line 9)'],
    ['an image the app does not run', ['echo', 'nginx:1.27.3'], 'ImageNotFound at apps/echo.ts', 'literal images in the file: registry.example.test/echo:1.10.3'],
    ['the same path on another registry', ['echo', 'ghcr.io/echo:1.10.4'], 'ImageNotFound at apps/echo.ts', 'ghcr.io/echo'],
    ['a --container that holds no such image', ['reader', 'postgres:17.2', '--container', 'reader'], 'ContainerNotFound at apps/reader.ts', 'pass --container with one of: reader-postgres'],
    ['an unknown app', ['nope', 'nginx:1.27.3'], 'UnknownApp at nope', 'pick one of: bookmarks, computed, echo, latin, linked, reader, shop'],
    ['a name leading out of apps/', ['../stillon.config', 'nginx:1.27.3'], 'UnknownApp at ../stillon.config', 'pick one of:'],
    ['an app file that is no UTF-8', ['latin', 'registry.example.test/latin:2.3.0', '--container', 'latin'], 'AppFileNotUtf8 at apps/latin.ts', 'save apps/latin.ts as UTF-8'],
    ['an app file that is a symlink', ['linked', 'registry.example.test/echo:1.10.4'], 'AppFileNotRegular at apps/linked.ts', 'not a regular file'],
    ['--env in a repository without environments', ['echo', 'registry.example.test/echo:1.10.4', '--env', 'staging'], 'UnknownEnvironment at --env', "declares no environment 'staging' (it declares no environments)"],
    ['--cluster in a repository without clusters', ['echo', 'registry.example.test/echo:1.10.4', '--cluster=nucy'], 'UnknownCluster at --cluster', 'drop --cluster, or declare clusters in stillon.config.ts'],
  ])('fails: %s', (_case, args, heading, words) => {
    const before = readTree(repo);
    const result = runCli(repo, ['set-image', ...args]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^stillon set-image:\n {2}error /);
    expect(result.stderr).toContain(`error ${heading}\n`);
    expect(result.stderr).toContain(words);
    expect(result.stderr).toContain('stillon set-image: nothing was written.\n');
    expect(readTree(repo)).toEqual(before);
  });

  test.each([
    ['--env with no name', ['echo', 'registry.example.test/echo:1.10.4', '--env', 'Staging!'], 'SetImageUsage at --env', "'Staging!' is not an environment name"],
    ['an image without tag or digest', ['echo', 'registry.example.test/echo'], 'SetImageUsage at registry.example.test/echo', 'neither a tag nor a digest'],
    ['text that is no image', ['echo', 'https://example.test/echo:1'], 'SetImageUsage at https://example.test/echo:1', 'not an image reference'],
    ['a missing image', ['echo'], 'SetImageUsage at <image>', 'missing the image'],
    ['an unknown option', ['echo', 'nginx:1.27.3', '--tag', 'x'], 'SetImageUsage at --tag', "Unknown option '--tag'"],
  ])('fails: %s is a usage error (exit 2)', (_case, args, heading, words) => {
    const before = readTree(repo);
    const result = runCli(repo, ['set-image', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error ${heading}\n`);
    expect(result.stderr).toContain(words);
    expect(readTree(repo)).toEqual(before);
  });

  test('--help prints the usage', () => {
    const result = runCli(repo, ['set-image', '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: stillon set-image <app> /);
  });
});

describe('stillon set-image when synth fails after the edit', () => {
  let repo: string;
  beforeAll(() => {
    repo = tempRepo();
  });
  afterAll(() => removeTempRepo(repo));

  test('fails: a synth error puts the app file back as it was (bytes and modification time), nothing written', () => {
    // A file synth must rewrite that is not its own: synth stops with ForeignFile, after the edit.
    const foreign = join(repo, 'kustomize/echo/deployment-echo.yaml');
    writeFileSync(foreign, readFileSync(foreign, 'utf8').split('\n').slice(1).join('\n'));
    const before = readTree(repo);
    const result = runCli(repo, ['set-image', 'echo', 'registry.example.test/echo:1.10.4']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error ForeignFile at kustomize/echo/deployment-echo.yaml');
    expect(result.stderr).toContain('stillon set-image: synth failed, so apps/echo.ts was restored as it was and nothing was written.\n');
    expect(readTree(repo)).toEqual(before);
    expect(readdirSync(join(repo, 'apps')).filter((f) => f.includes('stillon-'))).toEqual([]);
  });
});

describe('stillon set-image without TypeScript in the repository', () => {
  let repo: string;
  beforeAll(() => {
    repo = tempRepo();
    // node_modules with every package of this repository but typescript.
    rmSync(join(repo, 'node_modules'));
    mkdirSync(join(repo, 'node_modules'));
    for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
      if (entry !== 'typescript') symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(repo, 'node_modules', entry));
    }
  });
  afterAll(() => removeTempRepo(repo));

  test('fails: says how to install it (exit 2), nothing written', () => {
    const before = readTree(repo);
    const result = runCli(repo, ['set-image', 'echo', 'registry.example.test/echo:1.10.4']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error TypeScriptMissing at typescript');
    expect(result.stderr).toContain('npm install --save-dev typescript');
    expect(readTree(repo)).toEqual(before);
    expect(Object.keys(treeText(repo, isOutput)).length).toBeGreaterThan(0);
  });
});
