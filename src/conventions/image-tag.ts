/** Tags that move: the same Git commit would run different code from one day to the next. */
export const FLOATING_TAGS = ['latest', 'main', 'master', 'nightly', 'stable', 'edge', 'dev'];

/** The tag of an image reference; undefined when it has none (a digest counts as pinned). */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return '@digest';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

/** Whether an image has no tag or a floating one (`nginx`, `nginx:latest`, `app:main`); a digest is pinned. */
export function isFloatingImage(image: string): boolean {
  const tag = imageTag(image);
  return tag === undefined || FLOATING_TAGS.includes(tag);
}
