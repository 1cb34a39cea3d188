import { PackageInfo } from './package-info';

/** The scripts a stillon repository runs: `npm test` type-checks, then runs the snapshot tests. */
export const SCRIPTS: Readonly<Record<string, string>> = {
  synth: 'stillon synth',
  check: 'stillon check',
  typecheck: 'tsc',
  test: 'tsc && jest',
};

/** npm's own placeholder (`npm init -y`): not a test script anyone wrote. */
const NPM_PLACEHOLDER_TEST = /^echo "Error: no test specified" && exit 1$/;

/** Jest through ts-jest; tsconfig.json's isolatedModules makes it transpile only (typecheck is `tsc`). */
const JEST = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The loader's transpile cache holds .js files jest has no business indexing.
  modulePathIgnorePatterns: ['<rootDir>/.stillon-cache/'],
};

const TEST_TOOLS = ['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'];

/** Our version ranges for what the repository needs: the library, its peers, the test tools. */
function wanted(info: PackageInfo): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const caret = (range: string) => (/^[0-9]/.test(range) ? `^${range}` : range);
  const devDependencies: Record<string, string> = {};
  for (const name of TEST_TOOLS) {
    const range = info.devDependencies[name];
    if (range) devDependencies[name] = caret(range);
  }
  return { dependencies: { [info.name]: `^${info.version}`, ...info.peerDependencies }, devDependencies };
}

/** The package.json of a new repository. */
export function newPackageJson(name: string, description: string, info: PackageInfo): string {
  const { dependencies, devDependencies } = wanted(info);
  return json({ name, version: '0.0.0', private: true, description, scripts: SCRIPTS, dependencies: sorted(dependencies), devDependencies: sorted(devDependencies), jest: JEST });
}

/** An existing package.json with what is missing added, or what stands in the way. */
export interface PackageJsonMerge {
  /** The new content; undefined when nothing needs to change. */
  readonly content?: string;
  /** Fields that hold something else than init would write, e.g. `scripts.test ("mocha")`. */
  readonly conflicts: string[];
}

/**
 * Adds our scripts, dependencies and jest config to a package.json, keeping everything it has:
 * a dependency already there keeps its version (e.g. the tarball or git URL it was installed
 * from), a script or jest config that says something else is a conflict, never overwritten.
 */
export function mergePackageJson(text: string, info: PackageInfo): PackageJsonMerge {
  let pkg: Record<string, any>;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    return { conflicts: [`package.json is not valid JSON (${(error as Error).message})`] };
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) return { conflicts: ['package.json does not hold a JSON object'] };
  const conflicts: string[] = [];
  const next: Record<string, any> = { ...pkg };
  const scripts: Record<string, string> = { ...pkg.scripts };
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const current = scripts[name];
    if (current === undefined || (name === 'test' && NPM_PLACEHOLDER_TEST.test(current))) scripts[name] = command;
    else if (current !== command) conflicts.push(`package.json: scripts.${name} is "${current}" (init would write "${command}")`);
  }
  next.scripts = scripts;
  const { dependencies, devDependencies } = wanted(info);
  const sections = [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies, pkg.optionalDependencies];
  const has = (name: string) => sections.some((d) => d && d[name] !== undefined);
  const add = (field: 'dependencies' | 'devDependencies', deps: Record<string, string>) => {
    const missing = Object.entries(deps).filter(([name]) => !has(name));
    if (missing.length) next[field] = sorted({ ...pkg[field], ...Object.fromEntries(missing) });
  };
  add('dependencies', dependencies);
  add('devDependencies', devDependencies);
  if (pkg.jest === undefined) next.jest = JEST;
  else if (JSON.stringify(pkg.jest) !== JSON.stringify(JEST)) conflicts.push('package.json: a jest config is there already (init would write its own)');
  if (conflicts.length) return { conflicts };
  const content = json(next);
  return { content: content === json(pkg) ? undefined : content, conflicts };
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
