// Prints the unexplained differences of one corpus app: npx ts-node -P test/tsconfig.json test/real-world/show.ts <app>
import { runCorpusApp } from './corpus';
import { formatDifference } from '../../src/compare';

const app = process.argv[2];
const deliberate = (process.argv[3] ?? '').split(',').filter(Boolean);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const definition = require(`../fixtures/real-world/${app}/app`).default;
const r = runCorpusApp(app, definition, deliberate.length ? deliberate : ['StandardLabels', 'WorkloadLabels', 'Description', 'PvcProtection', 'RecreateStrategy', 'PodSecurity', 'NoServiceAccountToken', 'ResourceRequests', 'HostConvention', 'FluxLayout', 'ConfigRollout']);
console.log('errors:', r.errors, 'warnings:', r.warnings, 'used:', r.comparison.used);
for (const d of r.comparison.unexplained) console.log(formatDifference(d));
