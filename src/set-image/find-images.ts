import type * as TS from 'typescript';
import { ImageReference, parseImageReference } from './image-reference';

/** The TypeScript compiler's API: the user's own copy, passed in (see load-typescript.ts). */
export type TypeScriptApi = typeof TS;

/**
 * One `pick({ ... })` a literal lies in: by which dimension (`env`, `cluster`, or unknown when the
 * selector's name does not tell) and under which key (`*` for the fallback argument).
 */
export interface PickKey {
  readonly dimension?: 'env' | 'cluster';
  readonly key: string;
}

/** A string literal of an app file that holds the image of one or more containers. */
export interface ImageLiteral {
  /** Offset of the opening quote in the source text (UTF-16 code units, as JavaScript strings index). */
  readonly start: number;
  /** Offset just after the closing quote. */
  readonly end: number;
  /** `'`, `"` or a backtick (a template literal without substitutions). */
  readonly quote: string;
  /** The image as the literal spells it. */
  readonly value: string;
  readonly reference: ImageReference;
  /** 1-based line of the literal. */
  readonly line: number;
  /** The `image:` prop it is, or the const the props name (`SHOP`, `IMAGES.web`). */
  readonly holder: string;
  /**
   * Each container it is the image of, by the names around that `image:` prop: the construct id
   * and the `name`/`containerName` props (a const can be the image of several).
   */
  readonly uses: ReadonlyArray<readonly string[]>;
  /** Every name of `uses`, once. */
  readonly owners: readonly string[];
  /** For each of `uses`, the `pick()` keys around the literal there (outermost first); empty when in none. */
  readonly picks: ReadonlyArray<readonly PickKey[]>;
}

/** An image that an expression builds: set-image can never rewrite it safely. */
export interface ComputedImage {
  /** 1-based line. */
  readonly line: number;
  /** The expression, shortened. */
  readonly text: string;
  /** Why it is not a literal, e.g. `a template literal with substitutions`. */
  readonly why: string;
  /** The repository it builds, when its text tells. @default - unknown */
  readonly repository?: string;
  readonly owners: readonly string[];
}

export interface ImagesInSource {
  readonly literals: ImageLiteral[];
  readonly computed: ComputedImage[];
}

/** Properties whose string value names a container (StandardApp's `name`, addSidecar's `name`, `containerName`). */
const NAME_PROPS = new Set(['name', 'containerName']);
/** The prop that holds an image, in the typed API, in cdk8s-plus and in the L1 container spec. */
const IMAGE_PROP = 'image';

/**
 * Every image in an app file, found where the code passes it on: the value of each `image:` prop
 * (and `{ image }`), followed to a `const` of the same file when it names one (`image: SHOP`,
 * `image: IMAGES.web`). Only those literals are images: a `'postgres:5432'` in an env value is a
 * host and port, never a candidate. A value built by an expression (a template with
 * substitutions, a concatenation, a call) is reported as computed, with its repository when the
 * text tells.
 */
export function findImages(ts: TypeScriptApi, text: string, fileName: string): ImagesInSource {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (node: TS.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const { positions, variables } = collect(ts, source);
  const literals = new Map<TS.Node, { literal: Omit<ImageLiteral, 'uses' | 'owners' | 'picks'>; uses: string[][]; picks: PickKey[][] }>();
  const computed: ComputedImage[] = [];

  const addComputed = (node: TS.Node, why: string, owners: string[], repository?: string) => {
    computed.push({ line: lineOf(node), text: shorten(node.getText(source)), why, repository, owners });
  };
  const resolve = (expression: TS.Expression, holder: string, owners: string[], seen: ReadonlySet<string>, picks: PickKey[] = []): void => {
    const node = unwrap(ts, expression);
    const pick = pickCall(ts, node);
    if (pick) {
      // `env.pick({ staging: 'a:1', production: 'a:2' }, 'a:0')`: each value is a literal of its own variant.
      for (const property of pick.values.properties) {
        const key = ts.isPropertyAssignment(property) ? propertyName(ts, property.name) : undefined;
        if (key === undefined) addComputed(property, 'a pick() entry that is not `key: value`', owners);
        else resolve((property as TS.PropertyAssignment).initializer, holder, owners, seen, [...picks, { dimension: pick.dimension, key }]);
      }
      if (pick.fallback) resolve(pick.fallback, holder, owners, seen, [...picks, { dimension: pick.dimension, key: '*' }]);
      return;
    }
    if (isLiteral(ts, node)) {
      const reference = parseImageReference(node.text);
      if (!reference) return; // not an image (the constructs reject it)
      const start = node.getStart(source);
      const entry = literals.get(node) ?? {
        literal: { start, end: node.getEnd(), quote: text.charAt(start), value: node.text, reference, line: lineOf(node), holder },
        uses: [],
        picks: [],
      };
      entry.uses.push(owners);
      entry.picks.push(picks);
      literals.set(node, entry);
      return;
    }
    const key = keyOf(ts, node);
    if (key !== undefined && !seen.has(key)) {
      const declared = variables.get(key) ?? [];
      if (declared.length === 1) return resolve(declared[0], key, owners, new Set([...seen, key]), picks);
      if (declared.length > 1) return addComputed(node, `${key}, a name declared more than once in the file`, owners);
      return addComputed(node, 'a value set-image cannot follow (a parameter, an import, a loop variable)', owners);
    }
    const why = ts.isTemplateExpression(node) ? 'a template literal with substitutions' : 'an expression, not a string literal';
    const inside = imageLiteralsIn(ts, node);
    const prefix = repositoryOfPrefix(prefixOf(ts, node));
    if (prefix || !inside.length) addComputed(node, why, owners, prefix);
    for (const repository of inside) addComputed(node, why, owners, repository);
  };
  for (const position of positions) resolve(position, IMAGE_PROP, ownersOf(ts, position), new Set());

  const found = [...literals.values()].map(({ literal, uses, picks }) => ({ ...literal, uses, picks, owners: [...new Set(uses.flat())] }));
  return { literals: found.sort((a, b) => a.start - b.start), computed: uniqueComputed(computed) };
}

/** The values of every `image:` prop, and every `const` (and const object member) by its dotted name. */
function collect(ts: TypeScriptApi, source: TS.SourceFile): { positions: TS.Expression[]; variables: Map<string, TS.Expression[]> } {
  const positions: TS.Expression[] = [];
  const variables = new Map<string, TS.Expression[]>();
  const declare = (key: string, value: TS.Expression) => {
    variables.set(key, [...variables.get(key) ?? [], value]);
    const object = unwrap(ts, value);
    if (!ts.isObjectLiteralExpression(object)) return;
    for (const property of object.properties) {
      const name = ts.isPropertyAssignment(property) ? propertyName(ts, property.name) : undefined;
      if (name !== undefined) declare(`${key}.${name}`, (property as TS.PropertyAssignment).initializer);
    }
  };
  const visit = (node: TS.Node): void => {
    if (ts.isPropertyAssignment(node) && propertyName(ts, node.name) === IMAGE_PROP) positions.push(node.initializer);
    else if (ts.isShorthandPropertyAssignment(node) && node.name.text === IMAGE_PROP) positions.push(node.name);
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declare(node.name.text, node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { positions, variables };
}

/**
 * A call of a selector's `pick` with an object literal: `env.pick({...})`, `ctx.cluster.pick({...}, x)`.
 * The dimension is told by the selector's name (`env`/`environment`, `cluster`), else unknown.
 */
function pickCall(ts: TypeScriptApi, node: TS.Expression): { values: TS.ObjectLiteralExpression; fallback?: TS.Expression; dimension?: 'env' | 'cluster' } | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 'pick') return undefined;
  const [values, fallback] = node.arguments;
  if (!values || !ts.isObjectLiteralExpression(unwrap(ts, values)) || node.arguments.length > 2) return undefined;
  const selector = unwrap(ts, node.expression.expression);
  const name = ts.isIdentifier(selector) ? selector.text : ts.isPropertyAccessExpression(selector) ? selector.name.text : '';
  const dimension = name === 'env' || name === 'environment' ? 'env' : name === 'cluster' ? 'cluster' : undefined;
  return { values: unwrap(ts, values) as TS.ObjectLiteralExpression, fallback, dimension };
}

function isLiteral(ts: TypeScriptApi, node: TS.Node): node is TS.StringLiteral | TS.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** The expression without parentheses, `as`, `satisfies` and `!`, which change no value. */
function unwrap(ts: TypeScriptApi, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
    node = node.expression;
  }
  return node;
}

/** `SHOP`, `IMAGES.web`, `IMAGES['web']`: the dotted name of a reference to a const, else undefined. */
function keyOf(ts: TypeScriptApi, node: TS.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
    const base = keyOf(ts, unwrap(ts, node.expression));
    return base === undefined ? undefined : `${base}.${node.name.text}`;
  }
  if (ts.isElementAccessExpression(node) && isLiteral(ts, node.argumentExpression)) {
    const base = keyOf(ts, unwrap(ts, node.expression));
    return base === undefined ? undefined : `${base}.${node.argumentExpression.text}`;
  }
  return undefined;
}

/**
 * The names of the container an `image:` value belongs to: the object literal around it (the
 * props), its `name`/`containerName` string values, and the string arguments of the call or
 * `new` it is passed to (a construct id: `new StandardApp(app, 'web', { ... })`).
 */
function ownersOf(ts: TypeScriptApi, node: TS.Node): string[] {
  // node is the value of `image: ...` or the name of `{ image }`: its parent's parent is the object.
  const object = node.parent.parent;
  if (!object || !ts.isObjectLiteralExpression(object)) return [];
  const names: string[] = [];
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && NAME_PROPS.has(propertyName(ts, property.name) ?? '') && isLiteral(ts, property.initializer)) {
      names.push(property.initializer.text);
    }
  }
  const call = object.parent;
  if ((ts.isNewExpression(call) || ts.isCallExpression(call)) && call.arguments?.some((a) => a === object)) {
    for (const argument of call.arguments) if (isLiteral(ts, argument)) names.push(argument.text);
  }
  return [...new Set(names)];
}

function propertyName(ts: TypeScriptApi, name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The repositories of the tagged image literals inside an expression (`cond ? 'a:1' : 'a:2'`). */
function imageLiteralsIn(ts: TypeScriptApi, node: TS.Node): string[] {
  const found: string[] = [];
  const visit = (child: TS.Node): void => {
    if (isLiteral(ts, child)) {
      const reference = parseImageReference(child.text);
      if (reference && (reference.tag || reference.digest)) found.push(reference.repository);
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return [...new Set(found)];
}

/** The text an expression starts with: a template's before its first `${`, the leftmost literal of a `+`. */
function prefixOf(ts: TypeScriptApi, node: TS.Expression): string | undefined {
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return prefixOf(ts, unwrap(ts, node.left));
  return isLiteral(ts, node) ? node.text : undefined;
}

/** `ghcr.io/acme/shop:` (the text before a tag is added) → its repository, when the name is complete. */
function repositoryOfPrefix(prefix: string | undefined): string | undefined {
  const match = prefix === undefined ? null : /^(.+?)[:@]$/.exec(prefix);
  return match ? parseImageReference(match[1])?.repository : undefined;
}

/** One entry per line, text and repository: a const used twice is one finding. */
function uniqueComputed(computed: readonly ComputedImage[]): ComputedImage[] {
  const byKey = new Map<string, ComputedImage>();
  for (const c of computed) {
    const key = `${c.line}\0${c.text}\0${c.repository ?? ''}`;
    const known = byKey.get(key);
    byKey.set(key, known ? { ...known, owners: [...new Set([...known.owners, ...c.owners])] } : c);
  }
  return [...byKey.values()];
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
