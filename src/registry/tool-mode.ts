/**
 * Which tool mode a view is served in: `all` (every tool listed) or `search` (the gateway's search,
 * describe and call tools, plus what each session promotes). `auto` is decided by the view's tool
 * count, so a view that grows past the threshold switches (and hosts hear `list_changed`). Pure.
 */
import { DEFAULT_AUTO_THRESHOLD, DEFAULT_PROMOTE } from '../config/schema.js';
import type { ToolMode } from '../config/schema.js';

/** The names of the gateway's own tools in search mode: short enough for the smallest name budget (16). */
export const GATEWAY_TOOLS = { search: 'search_tools', describe: 'describe_tools', call: 'call_tool' } as const;

/** One layer of tool-mode settings (a profile's `tools`, or `settings.tools`). */
export interface ToolModeSettings {
  mode?: ToolMode | undefined;
  autoThreshold?: number | undefined;
  promote?: number | undefined;
}

export interface ResolvedToolMode {
  /** What the view is served in now. */
  mode: 'all' | 'search';
  /** What the catalog asked for. */
  configured: ToolMode;
  /** The tool count above which `auto` searches. */
  threshold: number;
  /** Tools a session may promote into its list (search mode). */
  promote: number;
}

/**
 * The mode of a view with `toolCount` tools, from settings layered most specific first (a
 * profile's `tools`, then `settings.tools`); unset everywhere: `all`, threshold 40, promote 16.
 */
export function resolveToolMode(layers: readonly (ToolModeSettings | undefined)[], toolCount: number): ResolvedToolMode {
  const pick = <K extends keyof ToolModeSettings>(key: K): ToolModeSettings[K] => layers.find((layer) => layer?.[key] !== undefined)?.[key];
  const configured = pick('mode') ?? 'all';
  const threshold = pick('autoThreshold') ?? DEFAULT_AUTO_THRESHOLD;
  const mode = configured === 'auto' ? (toolCount > threshold ? 'search' : 'all') : configured;
  return { mode, configured, threshold, promote: pick('promote') ?? DEFAULT_PROMOTE };
}
