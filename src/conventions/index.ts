export * from './conventions';
export * from './ingress-profile';
export * from './keys';
export * from './names';
export * from './sealed-secret-scope';
export * from './load-config';
export * from './image-tag';
export * from './api-scope';
