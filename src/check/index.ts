export * from './build';
export * from './check';
export * from './discover';
export * from './kustomize';
export * from './repo-files';
export * from './report';
export * from './yaml-source';
