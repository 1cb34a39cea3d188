/**
 * A container image reference, split as the container runtimes read it (the grammar of
 * distribution/reference, which Docker, containerd and CRI-O share).
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */
export interface ImageReference {
  /** The name as written, without tag or digest, e.g. `nginx` or `ghcr.io/acme/shop`. */
  readonly name: string;
  /**
   * The name as a runtime resolves it: `nginx` is `docker.io/library/nginx`, `acme/shop` is
   * `docker.io/acme/shop`; two references to one repository compare equal here.
   */
  readonly repository: string;
  /** @default - none */
  readonly tag?: string;
  /** e.g. `sha256:…`. @default - none */
  readonly digest?: string;
}

// One path component: lower-case alphanumerics, joined by `.`, `_`, `__` or runs of `-`.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** Longest name a registry accepts. */
const MAX_NAME_LENGTH = 255;

/** `text` as an image reference, or undefined when it is none (a URL, a path, a word with spaces). */
export function parseImageReference(text: string): ImageReference | undefined {
  const match = REFERENCE.exec(text);
  if (!match || match[1].length > MAX_NAME_LENGTH) return undefined;
  const name = match[1];
  return { name, repository: normaliseRepository(name), tag: match[2], digest: match[3] };
}

/**
 * The repository a runtime pulls for `name`: the first part is a registry only when it looks like
 * a host (a dot, a port, `localhost`, or upper case, which a path never has); otherwise the image
 * is on Docker Hub, and a single name there is an official image under `library/`.
 */
export function normaliseRepository(name: string): string {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  let domain = hasDomain ? first : 'docker.io';
  let rest = hasDomain ? name.slice(slash + 1) : name;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return `${domain}/${rest}`;
}

/** The reference written back: name, then `:tag` and `@digest` when present. */
export function formatImageReference(reference: Pick<ImageReference, 'name' | 'tag' | 'digest'>): string {
  return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
