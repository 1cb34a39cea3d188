export * from './k8s-objects';
export * from './rule';
export * from './rules';
export * from './runner';
export * from './violation';
