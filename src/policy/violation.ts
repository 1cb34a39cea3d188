// The error vocabulary lives at the bottom of the import graph (src/errors.ts), so that
// conventions and constructs can throw StillonError without importing the policy layer.
// Re-exported here so that `from '../policy/violation'` keeps working.
export * from '../errors';
