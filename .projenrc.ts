import { javascript, typescript } from 'projen';

/** The constructs and cdk8s the user's apps are built with: one copy, theirs (see peerDeps). */
const CDK8S = ['cdk8s@^2.70.106', 'cdk8s-plus-28@^2.5.6', 'constructs@^10.4.2'];

/**
 * stillon-gitops: a library (constructs, rules, synth, check, seal, Testing) with its `stillon`
 * bin, and the reference GitOps repository built with it (apps/, kustomize/, sealed-secrets/).
 *
 * A plain TypeScript library project: projen's cdk8s project type would run `cdk8s synth`
 * (which deletes its output folder) and hard-code `src/imports`; we synthesize with our own CLI.
 * Not jsii: the users are TypeScript repositories, and jsii forbids the props shapes we use.
 */
const project = new typescript.TypeScriptProject({
  name: 'stillon-gitops',
  description: 'Typed GitOps for a small k3s cluster run by Flux: apps in TypeScript, manifests in Git.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  buildWorkflow: false,
  sampleCode: false,
  license: 'Apache-2.0',
  copyrightOwner: 'The stillon-gitops authors',
  copyrightPeriod: '2026',
  keywords: ['cdk8s', 'flux', 'gitops', 'k3s', 'kustomize', 'sealed-secrets'],
  minNodeVersion: '20.0.0',
  // tsc writes dist/src/** and dist/imports/** (rootDir '.': src/ imports ../imports/).
  libdir: 'dist',
  entrypoint: 'dist/src/index.js',
  entrypointTypes: 'dist/src/index.d.ts',
  // `npm run package` puts the tarball beside, not inside, the compiled output.
  artifactsDirectory: 'dist-pkg',
  // One bin, by name (projen would also publish every executable of bin/ under its file name).
  bin: { stillon: 'bin/stillon.js' },
  autoDetectBin: false,
  // ts-jest supports TypeScript < 7; keep the compiler pinned to the last 5.x.
  typescriptVersion: '5.9.3',
  // Peers, not dependencies: with two copies of constructs, a user's Construct is not ours
  // (`instanceof` fails across copies) and their cdk8s-plus objects would render apart from ours.
  peerDeps: CDK8S,
  // The dev copies below are the versions our tests run against, not the lowest peer versions.
  peerDependencyOptions: { pinnedDevDependency: false },
  deps: [
    'yaml@^2.9.1',
    // Transpiles app files on the synth path without type checking (see README: design).
    'esbuild@^0.28.2',
    // Unified diffs for `synth --check`.
    'diff@^8',
    // gitignore matching with Flux's semantics (negations included) for `.sourceignore`.
    'ignore@^7',
    // `stillon mcp`: the official Model Context Protocol SDK and the schema library its tools take.
    // Loaded only by that command, never on the synth path.
    '@modelcontextprotocol/sdk@^1.32.2',
    'zod@^3.25',
  ],
  devDeps: [
    ...CDK8S,
    'cdk8s-cli@2.207.60',
    // Validates rendered objects against the upstream OpenAPI / CRD schemas in tests.
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    'eslint-plugin-jest@^28',
    '@types/node@^20',
    // A YAML 1.1 reader (js-yaml 3 resolves yes/no/on/off, 0x/0o, sexagesimals): the adversarial
    // round-trip tests read our output as Kubernetes' YAML 1.1 parser would.
    'js-yaml@^3.14.1',
    '@types/js-yaml@^3',
    // Links our own bin into node_modules/.bin, so `npx stillon` runs this checkout's CLI (on
    // src/, through the loader: bin/stillon.js sees src/cli/main.ts beside it).
    'stillon-gitops@file:.',
  ],
  // The build: the library only. apps/ and stillon.config.ts are this reference repository's, not
  // the package's; they are type-checked with the tests (test/tsconfig.json).
  tsconfig: {
    include: ['imports/**/*.ts'],
    compilerOptions: {
      rootDir: '.',
      outDir: 'dist',
      // cdk8s import emits an unused import and unused locals in its bindings.
      noUnusedLocals: false,
      // No source maps in the package: Node applies none to node_modules here (the loader turns
      // them on for the user's .ts files only), and they would add a third to dist/.
      inlineSourceMap: false,
      inlineSources: false,
    },
  },
  // Relative to test/, where projen puts this config.
  tsconfigDev: {
    // src/mcp/sdk-globals.d.ts: a global the MCP SDK's declarations need, for tests importing src/mcp.
    include: ['../apps/**/*.ts', '../stillon.config.ts', '../bench/**/*.ts', '../.projenrc.ts', '../src/**/*.d.ts'],
    compilerOptions: {
      noUnusedLocals: false,
    },
  },
  jest: true,
  // Transpile only in jest: type checking runs once, in the `typecheck` step of the test task.
  tsJestOptions: { transformOptions: { isolatedModules: true } },
  jestOptions: {
    // The test task is replaced below (jest's own default: a new snapshot is written, a changed
    // one fails); NEVER keeps projen's `test:update` task.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 60_000,
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/', '/test/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    // apps/ is the reference repository, type-checked through test/tsconfig.json; the lint's project
    // service reads tsconfig.json, which builds the library only.
    devdirs: ['test', 'bench'],
    ignorePatterns: ['imports/**', 'dist/**', 'bin/**'],
    // `npm test` must not rewrite anyone's files: lint reports, `npm run lint:fix` fixes.
    commandOptions: { fix: false },
  },
  // The loader's cache lands in whichever repository a command runs in, the test fixtures' included.
  gitignore: ['/dist/', '/dist-pkg/', '.stillon-cache/', '*.stillon-tmp', '/bench/work/'],
});

project.eslint?.addPlugins('jest');
project.eslint?.addExtends('plugin:jest/recommended');
project.eslint?.addRules({ 'jest/valid-expect': 'error', 'jest/expect-expect': 'error' });

// Generated output is reviewed as a diff of data, not as code.
project.gitattributes.addAttributes('/kustomize/**', 'linguist-generated');
project.gitattributes.addAttributes('/apps/*.yaml', 'linguist-generated');
project.gitattributes.addAttributes('/namespaces/**', 'linguist-generated');
project.gitattributes.addAttributes('/imports/**', 'linguist-generated');
project.gitattributes.addAttributes('/test/fixtures/repo/kustomize/**', 'linguist-generated');
project.gitattributes.addAttributes('/test/fixtures/repo/namespaces/**', 'linguist-generated');

// The synth path must not pay for `npx projen` (about a second): plain npm scripts call our bin.
project.package.setScript('synth', 'node bin/stillon.js synth');
project.package.setScript('stillon', 'node bin/stillon.js');

// The package: compiled JavaScript (dist/src, dist/imports: our constructs render the generated
// Flux and SealedSecret bindings at run time), the bin and its loader for the user's apps/*.ts.
project.package.addField('version', '0.1.0');
// `npm pack` and `npm publish` always ship a fresh build of the current src/ (never a stale dist/,
// never the compiled output of a deleted file).
project.package.setScript('prepack', 'node -e "require(\'node:fs\').rmSync(\'dist\', { recursive: true, force: true })" && tsc -p tsconfig.json');
project.package.addField('files', ['dist/src/', 'dist/imports/', 'bin/', 'LICENSE', 'README.md']);
project.package.addField('exports', {
  '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' },
  './package.json': './package.json',
});

// Type checking of everything (src, apps, imports, tests) before jest, which only transpiles.
project.addTask('typecheck', { exec: 'tsc --noEmit -p tsconfig.json && tsc --noEmit -p test/tsconfig.json' });
// typecheck, jest without --ci and without -u (a new snapshot is written and reported, a changed
// one fails; CI=true makes jest refuse new ones), eslint without --fix.
project.testTask.reset();
project.testTask.spawn(project.tasks.tryFind('typecheck')!);
project.testTask.exec('jest --passWithNoTests', { receiveArgs: true });
project.testTask.spawn(project.eslint!.eslintTask);
project.addTask('lint:fix', {
  description: 'eslint --fix over the tree',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts,.tsx --fix --no-error-on-unmatched-pattern src test bench apps projenrc .projenrc.ts',
});

// Bindings for the CRDs our constructs emit, from the pinned CRD files in imports/crds/ (offline).
project.addTask('import', {
  description: 'Regenerate imports/ from ../shared/crds with cdk8s import',
  // One stream: `cdk8s import <file>` names its output after the API group, so importing the three
  // source.toolkit files one by one would keep only the last kind. `echo ---` separates documents.
  exec: 'bash -c \'for f in imports/crds/*.yaml; do echo ---; cat "$f"; done | cdk8s import /dev/stdin --output imports --language typescript --no-save --no-check-upgrade\'',
});

// stillon check (#3): `npm run check` without npx projen's overhead; the encoding fixtures keep
// their CRLF line ends and byte-order marks byte for byte (no eol normalization).
project.package.setScript('check', 'node bin/stillon.js check');
project.gitattributes.addAttributes('/test/fixtures/check/encoding/**', '-text');

// Synth benchmark (#5): a plain script, not part of `npm test` (minutes long, no assertions).
project.package.setScript('bench', 'node bench/run.js');

project.synth();
