/**
 * Tool pinning against rug pulls: a digest of each tool's definition is recorded the first time
 * the gateway sees it; a later change is held back, warned about or accepted, per
 * `settings.pinning.policy`, until `mcp-switchboard approve` accepts it.
 */
export { PinGuard } from './guard.js';
export type { PinGuardOptions } from './guard.js';
export { decide } from './policy.js';
export type { Pin, PinAlert, PinDecision } from './policy.js';
export { definitionOf, toolDigest } from './digest.js';
export type { PinnedDefinition, PinnedField } from './digest.js';
export { diffDefinitions } from './diff.js';
export type { DefinitionDiff } from './diff.js';
export { alertText } from './messages.js';
export { approveAlerts, selectAlerts } from './approve.js';
export type { Selection } from './approve.js';
export { loadPinFile, parsePinTable, serializePinTable, writePinTable, setPin } from './state-file.js';
export type { LoadedPins, PinTable } from './state-file.js';
