import { str } from './expr';
import { AppModel } from './model';

/** ASCII order, as in the example apps: classes, then functions (defineApp, placePod). */
function sortedNames(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The source of `apps/<app>.ts`: the imports the statements use, then defineApp with the app's
 * options and the statements, indented. `library` is what it imports the constructs from
 * (`stillon-gitops`, `../src`, or for the proof an absolute path to this very library).
 */
export function emitApp(model: AppModel, library: string, origin: string): string {
  const lines: string[] = [];
  const body = model.parts.flatMap((p) => p.lines).join('\n');
  // Only what the statements use: a mapping that fell back to RawObject may have asked for more.
  const used = (names: Set<string>) => new Set([...names].filter((n) => n === 'defineApp' || new RegExp(`\\b${n}\\b`).test(body)));
  const imports = { cdk8s: used(model.imports.cdk8s), kplus: used(model.imports.kplus), stillon: used(model.imports.stillon) };
  if (imports.cdk8s.size) lines.push(`import { ${sortedNames(imports.cdk8s).join(', ')} } from 'cdk8s';`);
  if (imports.kplus.size) lines.push(`import { ${sortedNames(imports.kplus).join(', ')} } from 'cdk8s-plus-28';`);
  lines.push(`import { ${sortedNames(imports.stillon).join(', ')} } from ${str(library)};`, '');
  lines.push(
    `// Imported by \`stillon import\` from ${origin}: names and selectors are the live ones (they are`,
    '// immutable or depended on). Every difference from the original is listed in the import report.',
  );
  const options = model.options ? `${model.options}, ` : '';
  lines.push(`export default defineApp(${str(model.name)}, ${options}(app) => {`);
  for (const part of model.parts) {
    for (const statement of part.lines) for (const line of statement.split('\n')) lines.push(line ? `  ${line}` : '');
  }
  lines.push('});', '');
  return lines.join('\n');
}
