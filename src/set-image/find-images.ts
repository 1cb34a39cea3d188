import type * as TS from 'typescript';
import { ImageReference, parseImageReference } from './image-reference';

/** The TypeScript compiler's API: the user's own copy, passed in (see load-typescript.ts). */
export type TypeScriptApi = typeof TS;

/** A string literal of an app file that holds an image reference with a tag or a digest. */
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
  /** What names the container it is in: the construct id and `name`/`containerName` props around it. */
  readonly owners: readonly string[];
}

/** An image that is built by an expression: set-image can never rewrite it safely. */
export interface ComputedImage {
  /** 1-based line. */
  readonly line: number;
  /** The expression, shortened. */
  readonly text: string;
  /** Why it is not a literal, e.g. `a template literal with substitutions`. */
  readonly why: string;
  /** The repository it builds, when the text before the first substitution tells. @default - unknown */
  readonly repository?: string;
  readonly owners: readonly string[];
}

export interface ImagesInSource {
  readonly literals: ImageLiteral[];
  readonly computed: ComputedImage[];
}

/** Properties whose string value names a container (StandardApp's `name`, addSidecar's `name`, `containerName`). */
const NAME_PROPS = new Set(['name', 'containerName']);
/** Properties that hold an image in the typed API and in cdk8s-plus. */
const IMAGE_PROPS = new Set(['image']);

/**
 * Every image in an app file: the string literals holding a tagged or digested reference, and the
 * `image:` values (or image-looking literals) that an expression builds. A literal used inside an
 * expression (`'shop:' + v`, `'shop:1'.replace(...)`) counts as computed: rewriting it would not
 * set the image.
 */
export function findImages(ts: TypeScriptApi, text: string, fileName: string): ImagesInSource {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literals: ImageLiteral[] = [];
  const computed: ComputedImage[] = [];
  const lineOf = (node: TS.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const visit = (node: TS.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && isValuePosition(ts, node)) {
      const reference = parseImageReference(node.text);
      if (reference && (reference.tag || reference.digest)) {
        const inExpression = expressionAround(ts, node);
        if (inExpression) {
          computed.push({ line: lineOf(node), text: shorten(inExpression.getText(source)), why: 'a literal inside an expression', repository: reference.repository, owners: ownersOf(ts, node) });
        } else {
          const start = node.getStart(source);
          literals.push({
            start, end: node.getEnd(), quote: text.charAt(start), value: node.text, reference, line: lineOf(node), owners: ownersOf(ts, node),
          });
        }
      }
    } else if (ts.isPropertyAssignment(node) && IMAGE_PROPS.has(propertyName(ts, node.name) ?? '') && !isLiteral(ts, node.initializer)) {
      computed.push({
        line: lineOf(node.initializer),
        text: shorten(node.initializer.getText(source)),
        why: ts.isTemplateExpression(node.initializer) ? 'a template literal with substitutions' : 'an expression, not a string literal',
        repository: repositoryOfPrefix(prefixOf(ts, node.initializer)),
        owners: ownersOf(ts, node.initializer),
      });
    } else if (ts.isShorthandPropertyAssignment(node) && IMAGE_PROPS.has(node.name.text)) {
      computed.push({ line: lineOf(node), text: node.name.text, why: 'a variable, not a string literal', owners: ownersOf(ts, node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, computed: uniqueComputed(computed) };
}

/** A computed `image:` value may also be found through its literal: one entry per line and text. */
function uniqueComputed(computed: readonly ComputedImage[]): ComputedImage[] {
  const byKey = new Map<string, ComputedImage>();
  for (const c of computed) {
    const key = `${c.line}\0${c.text}`;
    // The literal's entry knows the repository; the property's only that it is an expression.
    if (!byKey.get(key)?.repository) byKey.set(key, { ...c, repository: c.repository ?? byKey.get(key)?.repository });
  }
  return [...byKey.values()];
}

function isLiteral(ts: TypeScriptApi, node: TS.Node): boolean {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** Not a property name, a module specifier or a type: only literals that are values can be images. */
function isValuePosition(ts: TypeScriptApi, node: TS.Node): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return false;
  if (ts.isLiteralTypeNode(parent)) return false;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return false;
  return true;
}

/** The expression a literal is an operand of, when its value is not what the code passes on. */
function expressionAround(ts: TypeScriptApi, node: TS.Node): TS.Node | undefined {
  let child: TS.Node = node;
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) return parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === child) return parent.parent ?? parent;
  if (ts.isTaggedTemplateExpression(parent)) return parent;
  return undefined;
}

/**
 * The names of the container a node is in: the nearest object literal around it (the props), its
 * `name`/`containerName` string values, and the string arguments of the call or `new` it is
 * passed to (a construct id: `new StandardApp(app, 'web', { ... })`).
 */
function ownersOf(ts: TypeScriptApi, node: TS.Node): string[] {
  let object: TS.Node | undefined = node.parent;
  while (object && !ts.isObjectLiteralExpression(object)) {
    if (ts.isFunctionLike(object) || ts.isSourceFile(object)) return [];
    object = object.parent;
  }
  if (!object || !ts.isObjectLiteralExpression(object)) return [];
  const names: string[] = [];
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && NAME_PROPS.has(propertyName(ts, property.name) ?? '') && isLiteral(ts, property.initializer)) {
      names.push((property.initializer as TS.StringLiteral).text);
    }
  }
  const call = object.parent;
  if ((ts.isNewExpression(call) || ts.isCallExpression(call)) && call.arguments?.some((a) => a === object)) {
    for (const argument of call.arguments) if (isLiteral(ts, argument)) names.push((argument as TS.StringLiteral).text);
  }
  return [...new Set(names)];
}

function propertyName(ts: TypeScriptApi, name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The text an expression starts with: a template's before its first `${`, the leftmost literal of a `+`. */
function prefixOf(ts: TypeScriptApi, node: TS.Expression): string | undefined {
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return prefixOf(ts, node.left);
  if (ts.isParenthesizedExpression(node)) return prefixOf(ts, node.expression);
  return isLiteral(ts, node) ? (node as TS.StringLiteral).text : undefined;
}

/** `ghcr.io/acme/shop:` (the text before a tag is added) → its repository, when the name is complete. */
function repositoryOfPrefix(prefix: string | undefined): string | undefined {
  const match = prefix === undefined ? null : /^(.+?)[:@]$/.exec(prefix);
  return match ? parseImageReference(match[1])?.repository : undefined;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
