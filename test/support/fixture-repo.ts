import { join } from 'node:path';

/** The repository the tests run in: its library (src/, bin/, imports/) and its test fixtures. */
export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * The fixture repository the library's tests run on, never this repository's own apps/ (the
 * reference installation: adding, changing or removing an app there breaks no library test).
 * It holds apps/*.ts, their sealed files (sealed with test/fixtures/sealing/cert.pem), a
 * stillon.config.ts (which also makes `stillon check` of this repository skip it) and the
 * committed synth output. Its apps import '../src': in place a re-export of the library, in a
 * `tempRepo()` copy the copied src/.
 */
export const FIXTURE_REPO = join(REPO_ROOT, 'test', 'fixtures', 'repo');

/** The fixture's apps, sorted: a web app with a claim and a secret, an internal one, one with a database. */
export const FIXTURE_APPS = ['bookmarks', 'echo', 'reader'] as const;
