import { javascript, typescript } from 'projen';

/**
 * stillon-gitops: typed GitOps manifests for a small k3s cluster run by Flux.
 *
 * A plain TypeScript app project: projen's cdk8s project type would run `cdk8s synth`
 * (which deletes its output folder) and hard-code `src/imports`; we synthesize with our own CLI.
 */
const project = new typescript.TypeScriptAppProject({
  name: 'stillon-gitops',
  description: 'Typed GitOps for a small k3s cluster run by Flux: apps in TypeScript, manifests in Git.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  buildWorkflow: false,
  sampleCode: false,
  licensed: false,
  minNodeVersion: '20.0.0',
  // ts-jest supports TypeScript < 7; keep the compiler pinned to the last 5.x.
  typescriptVersion: '5.9.3',
  deps: [
    'cdk8s@^2.70.106',
    'cdk8s-plus-28@^2.5.6',
    'constructs@^10.4.2',
    'yaml@^2.9.1',
    // Transpiles app files on the synth path without type checking (see README: design).
    'esbuild@^0.28.2',
    // Unified diffs for `synth --check`.
    'diff@^8',
    // gitignore matching with Flux's semantics (negations included) for `.sourceignore`.
    'ignore@^7',
  ],
  devDeps: [
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
    // Links our own bin into node_modules/.bin, so `npx stillon` runs this checkout's CLI.
    'stillon-gitops@file:.',
  ],
  tsconfig: {
    include: ['src/**/*.ts', 'imports/**/*.ts', 'apps/**/*.ts', 'stillon.config.ts'],
    compilerOptions: {
      rootDir: '.',
      outDir: 'dist',
      // cdk8s import emits an unused import and unused locals in its bindings.
      noUnusedLocals: false,
    },
  },
  tsconfigDev: {
    include: ['test/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
    compilerOptions: {
      noUnusedLocals: false,
    },
  },
  jest: true,
  // Transpile only in jest: type checking runs once, in the `typecheck` step of the test task.
  tsJestOptions: { transformOptions: { isolatedModules: true } },
  jestOptions: {
    // `npm test` runs with --ci: a changed snapshot fails until `npm run test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 60_000,
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/', '/test/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'bench', 'apps'],
    ignorePatterns: ['imports/**', 'dist/**', 'bin/**'],
  },
  gitignore: ['/dist/', '/.stillon-cache/', '*.stillon-tmp', '/bench/work/'],
});

project.eslint?.addPlugins('jest');
project.eslint?.addExtends('plugin:jest/recommended');
project.eslint?.addRules({ 'jest/valid-expect': 'error', 'jest/expect-expect': 'error' });

// Generated output is reviewed as a diff of data, not as code.
project.gitattributes.addAttributes('/kustomize/**', 'linguist-generated');
project.gitattributes.addAttributes('/apps/*.yaml', 'linguist-generated');
project.gitattributes.addAttributes('/namespaces/**', 'linguist-generated');
project.gitattributes.addAttributes('/imports/**', 'linguist-generated');

// The synth path must not pay for `npx projen` (about a second): plain npm scripts call our bin.
project.package.setScript('synth', 'node bin/stillon.js synth');
project.package.setScript('stillon', 'node bin/stillon.js');
project.package.addBin({ stillon: 'bin/stillon.js' });

// Type checking of everything (src, apps, imports, tests) before jest, which only transpiles.
project.addTask('typecheck', { exec: 'tsc --noEmit -p tsconfig.json && tsc --noEmit -p test/tsconfig.json' });
project.testTask.prependSpawn(project.tasks.tryFind('typecheck')!);

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
