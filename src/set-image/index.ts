export * from './image-reference';
export * from './find-images';
export * from './plan-edit';
export * from './load-typescript';
