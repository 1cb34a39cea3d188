export * from './certificate';
export * from './cluster-certificates';
export * from './crypto';
export * from './errors';
export * from './seal';
export * from './sealed-secret-document';
export * from './secret-data';
export * from './secret-input';
