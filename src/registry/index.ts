/**
 * The registry: per-server snapshots in, one merged, namespaced and routable view out. Pure data.
 */
export { buildRegistry } from './build.js';
export { viewForHost } from './host-view.js';
export type { AdvertisedName } from './names.js';
export type { SchemeAssignment } from './uris.js';
export { accountTools, accountSummary } from './accounting.js';
export type { CollidedTool, GatedTool, ToolAccount, WithheldReason, WithheldTool } from './accounting.js';
export { diffViews } from './diff.js';
export type { ViewChanges } from './diff.js';
export { namingFor } from './naming-for.js';
export { globToRegExp, isAdvertised } from './shaping.js';
export { picksServer, selectProfile } from './profiles.js';
export type { ProfileSelection } from './profiles.js';
export { GATEWAY_TOOLS, resolveToolMode } from './tool-mode.js';
export type { ResolvedToolMode, ToolModeSettings } from './tool-mode.js';
export type { ShapedItem } from './shaping.js';
export type * from './types.js';
