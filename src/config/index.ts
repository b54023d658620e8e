/** The config room's public face: load a catalog, or parse one from text. */
export { ConfigError, formatPath } from './errors.js';
export type { ConfigIssue } from './errors.js';
export type { Env, Interpolated, InterpolationProblem } from './interpolate.js';
export { loadCatalog, parseCatalog } from './load.js';
export type { ParseCatalogOptions } from './load.js';
export * from './schema.js';
