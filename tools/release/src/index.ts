export * from './artifacts';
export * from './promote';
export * from './publish';
export * from './release-set';
export * from './tarball';
export * from './workspace';
