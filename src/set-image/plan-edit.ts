import { ComputedImage, ImageLiteral, PickKey, TypeScriptApi, findImages } from './find-images';
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
  /** Only the literal for this environment: the value under its key in an `env.pick({ ... })`. @default - any */
  readonly environment?: string;
  /** Only the literal for this cluster: the value under its key in a `cluster.pick({ ... })`. @default - any */
  readonly cluster?: string;
}

/** How a use of a literal relates to a `--env`/`--cluster` selection. */
type Fit = 'yes' | 'no' | 'shared';

/**
 * Whether the `pick()` keys around a literal select `value` of `dimension`: `yes` under its key,
 * `no` under another, `shared` when the literal serves every variant (no pick of that dimension
 * around it) or the variants without a key of their own (the fallback).
 */
function fitOf(picks: readonly PickKey[], dimension: 'env' | 'cluster', value: string | undefined): Fit {
  if (value === undefined) return 'yes';
  const keys = picks.filter((p) => p.dimension === dimension || p.dimension === undefined).map((p) => p.key);
  if (keys.includes(value)) return 'yes';
  if (!keys.length || keys.includes('*')) return 'shared';
  return 'no';
}

/**
 * The edit that sets `image`: the one string literal of the file whose repository is the image's
 * (`nginx` is `docker.io/library/nginx`) gets the new tag and digest, in its own quotes and with
 * the name as it spells it. Refuses, with a StillonError naming the lines, when there is no such
 * literal, more than one, or an expression builds that image.
 */
export function planImageEdit(ts: TypeScriptApi, options: PlanImageEditOptions): ImageEdit {
  const { file, text, image, container, environment, cluster } = options;
  const found = findImages(ts, text, file);
  const repository = image.repository;
  const inContainer = (owners: readonly string[]) => container === undefined || owners.includes(container);
  const fit = (l: ImageLiteral, i: number): Fit => {
    const fits = [fitOf(l.picks[i], 'env', environment), fitOf(l.picks[i], 'cluster', cluster)];
    return fits.includes('no') ? 'no' : fits.includes('shared') ? 'shared' : 'yes';
  };
  const selects = (l: ImageLiteral, i: number) => inContainer(l.uses[i]) && fit(l, i) === 'yes';
  const all = found.literals.filter((l) => l.reference.repository === repository);
  const literals = all.filter((l) => l.uses.some((_, i) => selects(l, i)));
  const variant = [environment === undefined ? '' : `the environment '${environment}'`, cluster === undefined ? '' : `the cluster '${cluster}'`].filter(Boolean).join(' and ');
  const computed = found.computed.filter((c) => c.repository === repository && inContainer(c.owners));
  const scope = container === undefined ? '' : ` in the container '${container}'`;

  if (computed.length) {
    throw new StillonError('ImageNotLiteral', `${file}:${computed[0].line}`,
      `the image of ${repository}${scope} is built by ${computed[0].why} (${describe(computed)}), which set-image cannot rewrite safely`,
      `write it as one string literal, e.g. image: '${formatImageReference(image)}', or a const holding it, then run set-image again; or edit ${file} by hand`);
  }
  if (!literals.length && variant) {
    const shared = all.filter((l) => l.uses.some((_, i) => inContainer(l.uses[i]) && fit(l, i) === 'shared'));
    if (shared.length) {
      throw new StillonError('ImageNotPerVariant', `${file}:${shared[0].line}`,
        `the image of ${repository}${scope} for ${variant} is ${shared.map(where).join('; ')}, which other variants use too: setting it for ${variant} would change them as well`,
        `give ${variant} a value of its own, e.g. image: ${environment !== undefined ? 'env' : 'cluster'}.pick({ ${environment ?? cluster}: '${formatImageReference(image)}', ... }), or drop --${environment !== undefined ? 'env' : 'cluster'} to set it everywhere`);
    }
    if (all.length) {
      const keys = [...new Set(all.flatMap((l) => l.picks.flat().map((p) => p.key)).filter((k) => k !== '*'))].sort();
      throw new StillonError('VariantNotFound', file,
        `no image of ${repository}${scope} is set for ${variant}; found: ${all.map(where).join('; ')}`,
        keys.length ? `pass one of the variants pick() names: ${keys.join(', ')}` : `drop --${environment !== undefined ? 'env' : 'cluster'}: the image is not chosen per variant`);
    }
  }
  if (literals.length > 1) {
    const named = literals.every((l) => l.owners.length);
    const keyed = literals.every((l) => l.picks.some((p) => p.length));
    if (keyed && (!named || new Set(literals.map((l) => l.owners.join())).size === 1)) {
      throw new StillonError('AmbiguousImage', file,
        `${literals.length} string literals${scope} hold an image of ${repository}, one per variant: ${literals.map(where).join('; ')}`,
        `pick one with --env <env> or --cluster <cluster>: ${literals.map((l) => `${l.picks.flat().map((p) => p.key).join('/')} (line ${l.line})`).join(', ')}`);
    }
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
  const others = literal.uses.filter((_, i) => !selects(literal, i));
  if (others.length) {
    const otherContainers = literal.uses.filter((owners) => !inContainer(owners));
    if (!otherContainers.length) {
      // The same containers, in other variants: a const both pick() entries name.
      throw new StillonError('SharedImage', `${file}:${literal.line}`,
        `the image for ${variant} is ${literal.holder} ('${literal.value}'), which other variants use too: setting it would change them as well`,
        `give ${variant} an image literal of its own inside the pick(), or drop --env/--cluster to set it everywhere`);
    }
    throw new StillonError('SharedImage', `${file}:${literal.line}`,
      `the image of '${container}' is ${literal.holder} ('${literal.value}'), which is also the image of ${otherContainers.map((o) => o.join(' or ') || 'another container').join(', ')}: setting it would change both`,
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
