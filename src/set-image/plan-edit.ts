import { ComputedImage, ImageLiteral, TypeScriptApi, findImages } from './find-images';
import { ImageReference, formatImageReference } from './image-reference';
import { StillonError } from '../errors';

/** One image change in an app file's text. */
export interface ImageEdit {
  /** The whole text with the one literal replaced; every other byte as it was. */
  readonly text: string;
  /** The literal that was replaced. */
  readonly literal: ImageLiteral;
  /** The image as now written: the literal's own spelling of the name, the new tag and digest. */
  readonly image: string;
}

export interface PlanImageEditOptions {
  /** The app file, as errors name it, e.g. `apps/shop.ts`. */
  readonly file: string;
  /** The file's text. */
  readonly text: string;
  /** The image to set; its repository picks the literal. */
  readonly image: ImageReference;
  /** Only the literal in the props of the construct or container with this id or `name`. @default - any */
  readonly container?: string;
}

/**
 * The edit that sets `image`: the one string literal of the file whose repository is the image's
 * (`nginx` is `docker.io/library/nginx`) gets the new tag and digest, in its own quotes and with
 * the name as it spells it. Refuses, with a StillonError naming the lines, when there is no such
 * literal, more than one, or an expression builds that image.
 */
export function planImageEdit(ts: TypeScriptApi, options: PlanImageEditOptions): ImageEdit {
  const { file, text, image, container } = options;
  const found = findImages(ts, text, file);
  const repository = image.repository;
  const inContainer = (owners: readonly string[]) => container === undefined || owners.includes(container);
  const all = found.literals.filter((l) => l.reference.repository === repository);
  const literals = all.filter((l) => l.uses.some(inContainer));
  const computed = found.computed.filter((c) => c.repository === repository && inContainer(c.owners));
  const scope = container === undefined ? '' : ` in the container '${container}'`;

  if (computed.length) {
    throw new StillonError('ImageNotLiteral', `${file}:${computed[0].line}`,
      `the image of ${repository}${scope} is built by ${computed[0].why} (${describe(computed)}), which set-image cannot rewrite safely`,
      `write it as one string literal, e.g. image: '${formatImageReference(image)}', or a const holding it, then run set-image again; or edit ${file} by hand`);
  }
  if (literals.length > 1) {
    const named = literals.every((l) => l.owners.length);
    throw new StillonError('AmbiguousImage', file,
      `${literals.length} string literals${scope} hold an image of ${repository}: ${literals.map(where).join('; ')}`,
      named && container === undefined
        ? `pick one with --container <name>: ${literals.map((l) => `${l.owners.join(' or ')} (line ${l.line})`).join(', ')}`
        : `give the containers distinct names, or hold the image in one const that both use, or edit ${file} by hand`);
  }
  if (!literals.length) {
    if (container !== undefined && all.length) {
      throw new StillonError('ContainerNotFound', file,
        `no image of ${repository} is in the props of a construct or container named '${container}'; found: ${all.map(where).join('; ')}`,
        all.every((l) => l.owners.length)
          ? `pass --container with one of: ${[...new Set(all.flatMap((l) => l.owners))].join(', ')}`
          : 'drop --container: the literal is not inside the props of a named construct');
    }
    const unknown = found.computed.filter((c) => c.repository === undefined && inContainer(c.owners));
    const images = [...new Set(found.literals.map((l) => l.value))];
    throw new StillonError(unknown.length ? 'ImageNotLiteral' : 'ImageNotFound', unknown.length ? `${file}:${unknown[0].line}` : file,
      `no string literal in ${file}${scope} holds an image of ${shown(image)}`
        + (unknown.length ? `; the image at ${describe(unknown)} is built by ${unknown[0].why}` : '')
        + `; literal images in the file: ${images.join(', ') || '(none)'}`,
      unknown.length
        ? `write the image as one string literal (or a const holding one) so set-image can find it, or edit ${file} by hand`
        : 'pass the repository the app uses (the part before the tag, e.g. ghcr.io/acme/shop), or check the app name');
  }
  const literal = literals[0];
  const others = literal.uses.filter((owners) => !inContainer(owners));
  if (others.length) {
    throw new StillonError('SharedImage', `${file}:${literal.line}`,
      `the image of '${container}' is ${literal.holder} ('${literal.value}'), which is also the image of ${others.map((o) => o.join(' or ') || 'another container').join(', ')}: setting it would change both`,
      `drop --container to set it for all of them, or give '${container}' an image literal of its own`);
  }
  const written = formatImageReference({ name: literal.reference.name, tag: image.tag, digest: image.digest });
  return {
    text: `${text.slice(0, literal.start)}${literal.quote}${written}${literal.quote}${text.slice(literal.end)}`,
    literal,
    image: written,
  };
}

/** `nginx (docker.io/library/nginx)`: the name as given, and the repository when it reads otherwise. */
function shown(image: ImageReference): string {
  return image.name === image.repository ? image.name : `${image.name} (${image.repository})`;
}

function where(literal: ImageLiteral): string {
  return `line ${literal.line} '${literal.value}'${literal.owners.length ? ` (${literal.owners.join(', ')})` : ''}`;
}

function describe(computed: readonly ComputedImage[]): string {
  return computed.map((c) => `line ${c.line}: ${c.text}`).join('; ');
}
