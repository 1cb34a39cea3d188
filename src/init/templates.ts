import { Conventions } from '../conventions';

/** What init was asked for, every choice resolved. */
export interface InitSettings {
  readonly domain: string;
  readonly issuer: string;
  readonly ingress: 'nginx' | 'traefik';
  /** Names `clusters/<cluster>/`, the folder `flux bootstrap --path` points at. */
  readonly cluster: string;
  /** The example app. */
  readonly app: string;
}

/** `clusters/<cluster>`: bootstrap puts Flux's own files in its `flux-system/`, we put the root Kustomization beside. */
export function clusterDir(settings: InitSettings): string {
  return `clusters/${settings.cluster}`;
}

/** The root Kustomization's name: not an app's name, so that no app's Flux Kustomization replaces it. */
export const ROOT_KUSTOMIZATION = 'stillon-apps';

/**
 * Type-checks apps/, the tests and the config. `noEmit`: nothing is compiled, synth transpiles the
 * apps itself. `isolatedModules`: what synth's per-file transpiler and ts-jest need. Incremental,
 * with its build info in the ignored cache: the pre-commit hook's second `tsc` is fast.
 */
export function tsconfigJson(): string {
  return `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'commonjs',
      moduleResolution: 'node',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      isolatedModules: true,
      noEmit: true,
      incremental: true,
      tsBuildInfoFile: '.stillon-cache/tsconfig.tsbuildinfo',
      types: ['node', 'jest'],
    },
    include: ['apps/**/*.ts', 'test/**/*.ts', 'stillon.config.ts'],
  }, null, 2)}\n`;
}

export function stillonConfig(settings: InitSettings): string {
  const profile = settings.ingress === 'traefik'
    ? '  // Traefik, the ingress controller k3s ships with (IngressProfile.NGINX for ingress-nginx).\n  ingress: IngressProfile.TRAEFIK,'
    : '  // ingress-nginx (IngressProfile.TRAEFIK for the controller k3s ships with).\n  ingress: IngressProfile.NGINX,';
  return `import { IngressProfile, defineConfig } from 'stillon-gitops';

// The conventions of this cluster. Every app is served at https://<app>.${settings.domain}, with a
// certificate from cert-manager's ClusterIssuer '${settings.issuer}'. Paths, Flux defaults and the rules
// of \`stillon check\` can be set here too: see the README of stillon-gitops.
export default defineConfig({
  domain: '${settings.domain}',
  clusterIssuer: '${settings.issuer}',
${profile}
});
`;
}

export function gitignore(): string {
  return `node_modules/
# The transpile cache of stillon and tsc's build info.
/.stillon-cache/
*.stillon-tmp
/coverage/
`;
}

/** The hook: type errors and stale generated files never reach a commit. */
export function preCommitHook(): string {
  return `#!/bin/sh
# Refuses a commit
#  1. with a type error in apps/*.ts or the tests (a misspelled prop is one: synth strips the
#     types without checking them), when the commit touches a .ts file. Incremental (build info
#     in .stillon-cache/): later runs re-check only what changed;
#  2. with generated files (kustomize/, apps/*.yaml, namespaces/, docs/apps.md) out of date with
#     apps/*.ts: synth --check lists every stale, missing or extra file and exits 1.
# Enable once per clone: git config core.hooksPath .githooks   (skip once: git commit --no-verify)
# It checks the working tree: run \`npm run synth\` and stage its output with your change.
cd "$(git rev-parse --show-toplevel)" || exit 2
status=0
if git diff --cached --name-only --diff-filter=ACMR | grep -q '\\.ts$'; then
  if ! ./node_modules/.bin/tsc; then
    echo "pre-commit: commit refused; fix the type errors above." >&2
    status=1
  fi
fi
if ! ./node_modules/.bin/stillon synth --check; then
  echo "pre-commit: commit refused; run \\\`npm run synth\\\` and stage the files listed above." >&2
  status=1
fi
exit "$status"
`;
}

/** GitHub Actions (also read by Gitea and Forgejo Actions). */
export function ciWorkflow(): string {
  return `# Every push and pull request: type check and snapshot tests, generated files up to date, and the
# repository checked against the cluster's rules as Flux would apply it.
name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # tsc, then jest: CI=true makes jest fail on a snapshot that was not committed.
      - run: npm test
      - run: npx stillon synth --check
      # Builds every Flux Kustomization with kubectl kustomize (kubectl is on GitHub's runners).
      - run: npx stillon check
`;
}

/**
 * The root Kustomization: \`flux bootstrap --path=clusters/<cluster>\` makes Flux apply this folder,
 * and this object makes it apply \`apps/kustomization.yaml\`, the list synth keeps of every app.
 */
export function rootKustomization(settings: InitSettings, conventions: Conventions): string {
  const { flux, paths } = conventions;
  return `# Written once by \`stillon init\`; yours to edit (synth never touches it).
# \`flux bootstrap ... --path=${clusterDir(settings)}\` makes Flux apply this folder: its own files in
# flux-system/, and this Kustomization, which applies ${paths.apps}/kustomization.yaml: the list of every app's
# Flux Kustomization (${paths.apps}/<app>.yaml), each applying kustomize/<app>/. synth writes that list.
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${ROOT_KUSTOMIZATION}
  namespace: ${flux.namespace}
spec:
  interval: ${flux.interval}
  path: ./${paths.apps}
  # An app removed from ${paths.apps}/ loses its Flux Kustomization, which then prunes the app's objects
  # (claims excepted: they carry kustomize.toolkit.fluxcd.io/prune: disabled).
  prune: true
  sourceRef:
    kind: ${flux.sourceRef.kind}
    name: ${flux.sourceRef.name}
`;
}
