import { formatImageReference, normaliseRepository, parseImageReference } from '../../src/set-image/image-reference';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  test.each([
    ['nginx:1.27.3', { name: 'nginx', repository: 'docker.io/library/nginx', tag: '1.27.3' }],
    ['docker.io/library/nginx:1.27.3', { name: 'docker.io/library/nginx', repository: 'docker.io/library/nginx', tag: '1.27.3' }],
    ['index.docker.io/library/nginx:1', { name: 'index.docker.io/library/nginx', repository: 'docker.io/library/nginx', tag: '1' }],
    ['docker.io/nginx:1', { name: 'docker.io/nginx', repository: 'docker.io/library/nginx', tag: '1' }],
    ['sissbruecker/linkding:1.36.0', { name: 'sissbruecker/linkding', repository: 'docker.io/sissbruecker/linkding', tag: '1.36.0' }],
    ['ghcr.io/acme/shop:2.3.0', { name: 'ghcr.io/acme/shop', repository: 'ghcr.io/acme/shop', tag: '2.3.0' }],
    [`ghcr.io/acme/shop@${DIGEST}`, { name: 'ghcr.io/acme/shop', repository: 'ghcr.io/acme/shop', digest: DIGEST }],
    [`ghcr.io/acme/shop:2.3.0@${DIGEST}`, { name: 'ghcr.io/acme/shop', repository: 'ghcr.io/acme/shop', tag: '2.3.0', digest: DIGEST }],
    ['localhost:5000/shop:1', { name: 'localhost:5000/shop', repository: 'localhost:5000/shop', tag: '1' }],
    ['localhost/shop:1', { name: 'localhost/shop', repository: 'localhost/shop', tag: '1' }],
    ['registry.example.test:5000/a/b/c:v1_x-y.z', { name: 'registry.example.test:5000/a/b/c', repository: 'registry.example.test:5000/a/b/c', tag: 'v1_x-y.z' }],
    ['postgres', { name: 'postgres', repository: 'docker.io/library/postgres' }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual({ tag: undefined, digest: undefined, ...expected });
  });

  test.each([
    ['a URL', 'https://reader.stillon.top'],
    ['a path', '/var/lib/postgresql/data'],
    ['a relative module', '../src'],
    ['upper case in the path', 'ghcr.io/Acme/shop:1'],
    ['an empty tag', 'ghcr.io/acme/shop:'],
    ['a space', 'nginx 1.27'],
    ['a short digest', 'nginx@sha256:abc'],
    ['a tag starting with a dot', 'nginx:.1'],
    ['the empty string', ''],
  ])('fails: %s is no image reference', (_case, text) => {
    expect(parseImageReference(text)).toBeUndefined();
  });

  test('a name longer than 255 characters is refused, as registries do', () => {
    expect(parseImageReference(`ghcr.io/${'a'.repeat(250)}:1`)).toBeUndefined();
  });
});

test('normaliseRepository compares references to one repository as equal', () => {
  expect(normaliseRepository('nginx')).toBe(normaliseRepository('docker.io/library/nginx'));
  expect(normaliseRepository('acme/shop')).toBe('docker.io/acme/shop');
  expect(normaliseRepository('acme/shop')).not.toBe(normaliseRepository('ghcr.io/acme/shop'));
  expect(normaliseRepository('Registry/shop')).toBe('Registry/shop');
});

test('formatImageReference writes name, tag and digest back', () => {
  expect(formatImageReference({ name: 'nginx', tag: '1.27' })).toBe('nginx:1.27');
  expect(formatImageReference({ name: 'nginx', digest: DIGEST })).toBe(`nginx@${DIGEST}`);
  expect(formatImageReference({ name: 'nginx', tag: '1.27', digest: DIGEST })).toBe(`nginx:1.27@${DIGEST}`);
});
