import * as ts from 'typescript';
import { StillonError } from '../../src/errors';
import { findImages } from '../../src/set-image/find-images';
import { parseImageReference } from '../../src/set-image/image-reference';
import { planImageEdit } from '../../src/set-image/plan-edit';

const FILE = 'apps/shop.ts';
const image = (text: string) => parseImageReference(text)!;
const plan = (text: string, to: string, container?: string) => planImageEdit(ts, { file: FILE, text, image: image(to), container });

/** The error planImageEdit throws, for matching its code and words. */
function refusal(text: string, to: string, container?: string): StillonError {
  try {
    plan(text, to, container);
  } catch (error) {
    if (error instanceof StillonError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Lines that differ between two texts of the same number of lines. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return b.filter((line, i) => line !== a[i]);
}

const TWO_CONTAINERS = `import { StandardApp, defineApp } from 'stillon-gitops';

export default defineApp('shop', (app) => {
  const web = new StandardApp(app, 'web', {
    image: "ghcr.io/acme/shop:2.2.0", // the storefront
    port: 8080,
  });
  web.addSidecar({ name: 'worker', image: \`ghcr.io/acme/shop:2.2.0\`, args: ['work'] });
  new StandardApp(app, 'cache', { image: 'redis:7.4.1-alpine', port: 6379 });
});
`;

describe('planImageEdit', () => {
  test('rewrites only the literal: quotes, comments, spacing and every other byte stay', () => {
    const text = "// header comment\nexport default defineApp('a', (app) => {\n  new StandardApp(app, 'a', {\r\n    image:   'nginx:1.27.3' /* pinned */ ,\n    port: 80,\n  });\n});\n";
    const edit = plan(text, 'docker.io/library/nginx:1.27.4');
    // The literal spells the name `nginx`: so does the new one.
    expect(edit.image).toBe('nginx:1.27.4');
    expect(edit.text).toBe(text.replace("'nginx:1.27.3'", "'nginx:1.27.4'"));
    expect(edit.literal).toMatchObject({ line: 4, value: 'nginx:1.27.3', quote: "'", owners: ['a'] });
  });

  test('a digest replaces the tag; a tag and digest are both written; the stale digest goes', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const text = "new StandardApp(app, 'shop', { image: 'ghcr.io/acme/shop:2.2.0@sha256:" + 'cd'.repeat(32) + "' });\n";
    const written = (to: string) => `new StandardApp(app, 'shop', { image: '${to}' });\n`;
    expect(plan(text, `ghcr.io/acme/shop@${digest}`).text).toBe(written(`ghcr.io/acme/shop@${digest}`));
    expect(plan(text, `ghcr.io/acme/shop:2.3.0@${digest}`).text).toBe(written(`ghcr.io/acme/shop:2.3.0@${digest}`));
    expect(plan(text, 'ghcr.io/acme/shop:2.3.0').text).toBe(written('ghcr.io/acme/shop:2.3.0'));
  });

  test('an image held in a const is found there, once for every container that uses it', () => {
    const text = "const SHOP = 'ghcr.io/acme/shop:2.2.0';\nnew StandardApp(app, 'web', { image: SHOP });\nweb.addSidecar({ name: 'w', image: SHOP });\n";
    expect(changedLines(text, plan(text, 'ghcr.io/acme/shop:2.3.0').text)).toEqual(["const SHOP = 'ghcr.io/acme/shop:2.3.0';"]);
    expect(plan(text, 'ghcr.io/acme/shop:2.3.0').literal).toMatchObject({ holder: 'SHOP', uses: [['web'], ['w']], owners: ['web', 'w'] });
    // A member of a const object, by dot or by brackets, and through `as const`.
    const members = "const IMAGES = { web: 'ghcr.io/acme/shop:2.2.0', cache: 'redis:7.4.1' } as const;\nnew StandardApp(app, 'web', { image: IMAGES.web });\nnew StandardApp(app, 'cache', { image: IMAGES['cache'] });\n";
    expect(changedLines(members, plan(members, 'redis:7.4.2').text)).toEqual(["const IMAGES = { web: 'ghcr.io/acme/shop:2.2.0', cache: 'redis:7.4.2' } as const;"]);
  });

  test('fails: --container naming one user of a shared const refuses to change the other', () => {
    const text = "const SHOP = 'ghcr.io/acme/shop:2.2.0';\nnew StandardApp(app, 'web', { image: SHOP });\nweb.addSidecar({ name: 'w', image: SHOP });\n";
    const error = refusal(text, 'ghcr.io/acme/shop:2.3.0', 'w');
    expect(error).toMatchObject({ code: 'SharedImage', where: `${FILE}:1` });
    expect(error.detail).toBe("the image of 'w' is SHOP ('ghcr.io/acme/shop:2.2.0'), which is also the image of web: setting it would change both");
  });

  test('--container picks the construct by id or the container by name, keeping double quotes and backticks', () => {
    expect(changedLines(TWO_CONTAINERS, plan(TWO_CONTAINERS, 'ghcr.io/acme/shop:2.3.0', 'web').text))
      .toEqual(['    image: "ghcr.io/acme/shop:2.3.0", // the storefront']);
    expect(changedLines(TWO_CONTAINERS, plan(TWO_CONTAINERS, 'ghcr.io/acme/shop:2.3.0', 'worker').text))
      .toEqual(["  web.addSidecar({ name: 'worker', image: `ghcr.io/acme/shop:2.3.0`, args: ['work'] });"]);
    // The other repository needs no --container, and `redis` is docker.io/library/redis.
    expect(changedLines(TWO_CONTAINERS, plan(TWO_CONTAINERS, 'docker.io/library/redis:7.4.2-alpine').text))
      .toEqual(["  new StandardApp(app, 'cache', { image: 'redis:7.4.2-alpine', port: 6379 });"]);
  });

  test('containerName and an object in a list name their container', () => {
    const text = "new StatefulApp(app, 'db', { image: 'postgres:16.4', containerName: 'postgres' });\nconst apps = [{ name: 'sonarr', image: 'lscr.io/linuxserver/sonarr:4.0.11' }, { name: 'radarr', image: 'lscr.io/linuxserver/radarr:5.15.1' }];\n";
    expect(plan(text, 'postgres:16.5', 'postgres').literal.owners).toEqual(['postgres', 'db']);
    expect(plan(text, 'lscr.io/linuxserver/sonarr:4.0.12', 'sonarr').literal.line).toBe(2);
  });

  test('setting the image it already has changes nothing', () => {
    expect(plan(TWO_CONTAINERS, 'redis:7.4.1-alpine').text).toBe(TWO_CONTAINERS);
  });

  test('only what an image prop holds is an image: a host and port, an import, a type, a key are not', () => {
    const text = [
      "import x from 'postgres:1';",
      "type T = 'postgres:2';",
      "const unused = 'postgres:3';",
      "new StandardApp(app, 'db', { image: 'postgres:16.4', env: { HOST: 'postgres:5432', 'postgres:4': 'x' } });",
      '',
    ].join('\n');
    expect(findImages(ts, text, FILE).literals.map((l) => l.value)).toEqual(['postgres:16.4']);
    expect(changedLines(text, plan(text, 'postgres:17.2').text)).toEqual([
      "new StandardApp(app, 'db', { image: 'postgres:17.2', env: { HOST: 'postgres:5432', 'postgres:4': 'x' } });",
    ]);
  });

  test('fails: an image from an import is never confused with a host:port literal of the same name', () => {
    const text = "import { DB_IMAGE } from './images';\nnew StandardApp(app, 'db', { image: DB_IMAGE, env: { HOST: 'postgres:5432' } });\n";
    const error = refusal(text, 'postgres:17.2');
    expect(error).toMatchObject({ code: 'ImageNotLiteral', where: `${FILE}:2` });
    expect(error.detail).toContain('line 2: DB_IMAGE is built by a value set-image cannot follow');
  });

  test('fails: two containers with the same repository, without --container: names both and how to pick', () => {
    const error = refusal(TWO_CONTAINERS, 'ghcr.io/acme/shop:2.3.0');
    expect(error.code).toBe('AmbiguousImage');
    expect(error.detail).toContain("line 5 'ghcr.io/acme/shop:2.2.0' (web)");
    expect(error.detail).toContain("line 8 'ghcr.io/acme/shop:2.2.0' (worker)");
    expect(error.fix).toBe('pick one with --container <name>: web (line 5), worker (line 8)');
  });

  test('fails: --container naming no container of that image lists the names there are', () => {
    const error = refusal(TWO_CONTAINERS, 'ghcr.io/acme/shop:2.3.0', 'cache');
    expect(error.code).toBe('ContainerNotFound');
    expect(error.fix).toBe('pass --container with one of: web, worker');
  });

  test('fails: no literal of the repository names the images there are', () => {
    const error = refusal(TWO_CONTAINERS, 'nginx:1.27');
    expect(error).toMatchObject({ code: 'ImageNotFound', where: FILE });
    expect(error.detail).toBe('no string literal in apps/shop.ts holds an image of nginx (docker.io/library/nginx); literal images in the file: ghcr.io/acme/shop:2.2.0, redis:7.4.1-alpine');
    // Same path, other registry: another repository.
    expect(refusal(TWO_CONTAINERS, 'docker.io/acme/shop:2.3.0').code).toBe('ImageNotFound');
  });

  test.each([
    ['a template literal with substitutions', "const v = '2.2.0';\nnew StandardApp(app, 'web', { image: `ghcr.io/acme/shop:${v}` });\n", 'a template literal with substitutions'],
    ['a concatenation', "new StandardApp(app, 'web', { image: 'ghcr.io/acme/shop:' + version });\n", 'an expression, not a string literal'],
    ['a literal inside a call', "new StandardApp(app, 'web', { image: 'ghcr.io/acme/shop:2.2.0'.replace('2.2.0', v) });\n", 'an expression, not a string literal'],
    ['a choice between literals', "new StandardApp(app, 'web', { image: canary ? 'ghcr.io/acme/shop:2.3.0-rc1' : 'ghcr.io/acme/shop:2.2.0' });\n", 'an expression, not a string literal'],
  ])('fails: an image built by %s is refused, even beside a literal of the same repository', (_case, text, why) => {
    const error = refusal(text, 'ghcr.io/acme/shop:2.3.0');
    expect(error).toMatchObject({ code: 'ImageNotLiteral', where: `${FILE}:${text.split('\n').findIndex((l) => l.includes('image:')) + 1}` });
    expect(error.detail).toContain(why);
    expect(refusal(`${text}const other = 'ghcr.io/acme/shop:1.0.0';\n`, 'ghcr.io/acme/shop:2.3.0').code).toBe('ImageNotLiteral');
  });

  test('fails: an image from a variable or a prefix it cannot read is named as the likely reason', () => {
    const error = refusal("new StandardApp(app, 'web', { image: `${REGISTRY}/shop:2.2.0` });\n", 'ghcr.io/acme/shop:2.3.0');
    expect(error).toMatchObject({ code: 'ImageNotLiteral', where: `${FILE}:1` });
    expect(error.detail).toContain('a template literal with substitutions');
    expect(refusal("new StandardApp(app, 'web', { image });\n", 'ghcr.io/acme/shop:2.3.0').detail).toContain('a value set-image cannot follow');
    // Followed to a const that is itself built.
    const built = refusal("const v = '2';\nconst SHOP = `ghcr.io/acme/shop:${v}`;\nnew StandardApp(app, 'web', { image: SHOP });\n", 'ghcr.io/acme/shop:2.3.0');
    expect(built).toMatchObject({ code: 'ImageNotLiteral', where: `${FILE}:2` });
  });
});

const PER_ENV = `export default defineApp('shop', { environments: ['staging', 'production'] }, (app, { env, cluster }) => {
  new StandardApp(app, 'shop', {
    image: env.pick({
      staging: 'ghcr.io/acme/shop:sha-1a2b', // rebuilt on every push
      production: 'ghcr.io/acme/shop:2.2.0',
    }),
    port: 8080,
  });
  new StandardApp(app, 'cache', { image: cluster.pick({ home: 'redis:7.4.1', lab: 'redis:7.2.0' }, 'redis:7.0.0'), port: 6379 });
  new StandardApp(app, 'proxy', { image: 'nginx:1.27.3', port: 80 });
});
`;
type Selection = { environment?: string; cluster?: string; container?: string };
const planFor = (to: string, selection: Selection, text = PER_ENV) => planImageEdit(ts, { file: FILE, text, image: image(to), ...selection });
function refusalFor(to: string, selection: Selection, text = PER_ENV): StillonError {
  try {
    planFor(to, selection, text);
  } catch (error) {
    if (error instanceof StillonError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planImageEdit with environments and clusters', () => {
  test('--env rewrites the literal under that environment\'s key of env.pick() and nothing else', () => {
    const edit = planFor('ghcr.io/acme/shop:sha-9f8e', { environment: 'staging' });
    expect(changedLines(PER_ENV, edit.text)).toEqual(["      staging: 'ghcr.io/acme/shop:sha-9f8e', // rebuilt on every push"]);
    const production = planFor('ghcr.io/acme/shop:2.3.0', { environment: 'production' });
    expect(changedLines(PER_ENV, production.text)).toEqual(["      production: 'ghcr.io/acme/shop:2.3.0',"]);
  });

  test('--cluster rewrites the literal of that cluster in cluster.pick()', () => {
    const [line] = changedLines(PER_ENV, planFor('redis:7.4.2', { cluster: 'lab' }).text);
    expect(line).toContain("cluster.pick({ home: 'redis:7.4.1', lab: 'redis:7.4.2' }, 'redis:7.0.0')");
  });

  test('fails: without --env, the literals of a pick() are ambiguous, and the fix names the variants', () => {
    const error = refusal(PER_ENV, 'ghcr.io/acme/shop:2.3.0');
    expect(error.code).toBe('AmbiguousImage');
    expect(error.fix).toBe('pick one with --env <env> or --cluster <cluster>: staging (line 4), production (line 5)');
  });

  test('fails: --env on an image that is the same for every environment (setting it would change them all)', () => {
    const error = refusalFor('nginx:1.27.4', { environment: 'staging' });
    expect(error.code).toBe('ImageNotPerVariant');
    expect(error.message).toContain("for the environment 'staging' is line 10 'nginx:1.27.3' (proxy), which other variants use too");
  });

  test('fails: --cluster whose value comes from the fallback, which other clusters share', () => {
    const error = refusalFor('redis:7.0.1', { cluster: 'nas' });
    expect(error.code).toBe('ImageNotPerVariant');
    expect(error.message).toContain("line 9 'redis:7.0.0'");
  });

  test('fails: --env naming no key of the pick() (VariantNotFound names the keys there are)', () => {
    const text = PER_ENV.replace("      staging: 'ghcr.io/acme/shop:sha-1a2b', // rebuilt on every push\n", '');
    const error = refusalFor('ghcr.io/acme/shop:sha-9f8e', { environment: 'staging' }, text);
    expect(error.code).toBe('VariantNotFound');
    expect(error.fix).toBe('pass one of the variants pick() names: production');
  });

  test('fails: a const that two environments pick is shared (SharedImage)', () => {
    const text = "const SHOP = 'ghcr.io/acme/shop:2.2.0';\nnew StandardApp(app, 'shop', { image: env.pick({ staging: SHOP, production: SHOP }) });\n";
    const error = refusalFor('ghcr.io/acme/shop:2.3.0', { environment: 'staging' }, text);
    expect(error.code).toBe('SharedImage');
    expect(error.message).toContain("the image for the environment 'staging' is SHOP");
  });

  test('findImages records the pick() keys around each literal', () => {
    const found = findImages(ts, PER_ENV, FILE);
    expect(found.computed).toEqual([]);
    expect(found.literals.map((l) => [l.value, l.picks])).toEqual([
      ['ghcr.io/acme/shop:sha-1a2b', [[{ dimension: 'env', key: 'staging' }]]],
      ['ghcr.io/acme/shop:2.2.0', [[{ dimension: 'env', key: 'production' }]]],
      ['redis:7.4.1', [[{ dimension: 'cluster', key: 'home' }]]],
      ['redis:7.2.0', [[{ dimension: 'cluster', key: 'lab' }]]],
      ['redis:7.0.0', [[{ dimension: 'cluster', key: '*' }]]],
      ['nginx:1.27.3', [[]]],
    ]);
  });
});
