/**
 * The registry: per-server snapshots in, one merged, namespaced and routable view out. Pure data.
 */
export { buildRegistry } from './build.js';
export { advertisedName, hashedName, sanitizeNamePart, effectiveBudget, NAME_PATTERN, MAX_NAME_LENGTH } from './names.js';
export type { AdvertisedName } from './names.js';
export { schemePrefix, prefixUri, splitPrefixedUri, assignSchemes, URI_PREFIX_SEPARATOR } from './uris.js';
export type { SchemeAssignment } from './uris.js';
export { advertiseToolResult, advertisePromptResult, advertiseReadResult } from './content.js';
export { accountTools, accountSummary } from './accounting.js';
export type { ToolAccount, WithheldReason, WithheldTool } from './accounting.js';
export { diffViews, deepEqual } from './diff.js';
export type { ViewChanges } from './diff.js';
export { shortHash } from './hash.js';
export { namingFor } from './naming-for.js';
export { globToRegExp, isAdvertised, matchesAny, shapeNamed, shapeLocated } from './shaping.js';
export type { ShapedItem } from './shaping.js';
export type * from './types.js';
