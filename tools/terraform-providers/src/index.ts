export { cacheRoot, ensureProviders, ProviderBuildError, terraformPlatform, type BuiltProvider, type EnsureOptions, type ProviderMirror } from './build';
export { readProviderRequirements, registryAddress, synthOutputDirs, type ProviderRequirement } from './stack-requirements';
