export * from './init';
export * from './package-info';
export * from './package-json';
export * from './templates';
export * from './readme';
