/**
 * Profiles and tool modes in the catalog: `settings.tools` (how tools reach hosts: all of them,
 * or a search tool in front of them) and `profiles:` (named views of the catalog, one per kind of
 * host). Like schema.ts, this file is a source of config types.
 */
import { z } from 'zod';

/** A glob over server ids or advertised names: `*` is any run of characters, `?` is one character. */
const Glob = z.string().min(1, 'a glob must not be empty');

/** Characters a profile name may use: it is a URL path segment (`/mcp/<profile>`) and a CLI argument. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * How a host gets its tools: `all` lists every tool; `search` lists a few gateway tools (search,
 * describe, call) and promotes what a session finds; `auto` is `search` above `autoThreshold` tools.
 */
export const ToolModeSchema = z.enum(['all', 'search', 'auto'], { error: 'tools.mode must be "all", "search" or "auto"' });

/**
 * The default threshold of `auto`: Windsurf, the strictest common host, takes about 50 tools in
 * all; 40 leaves room for the host's own tools and other servers (and is where Cursor used to warn).
 */
export const DEFAULT_AUTO_THRESHOLD = 40;

/** Tools promoted into one session's list in search mode before the least recently used goes. */
export const DEFAULT_PROMOTE = 16;

const toolModeFields = {
  /** `all` | `search` | `auto`. @default 'all' (settings), the settings' mode (profiles) */
  mode: ToolModeSchema.optional().describe(
    'all: list every tool; search: list search_tools, describe_tools, call_tool; auto: search above autoThreshold tools.',
  ),
  /** `auto` switches to search when the view has more tools than this. @default 40 */
  autoThreshold: z.number().int().min(1).optional().describe('auto switches to search mode when the view has more tools than this (default 40).'),
  /** In search mode, tools a session's searches promote into its tools/list (least recently used out); 0 = none. @default 16 */
  promote: z.number().int().min(0).max(128).optional().describe('Search mode: tools promoted into a session’s tools/list (LRU, default 16; 0 = none).'),
};

/** `settings.tools`: the tool mode of the default view and of every profile that does not set its own. */
export const ToolsSettingsSchema = z.object(toolModeFields).strict();

/**
 * One profile: a view of the catalog for one kind of host. `servers` picks servers (globs over
 * ids; every server when absent), `tools.allow` / `tools.deny` pick tools by their advertised
 * names (deny wins; with `allow` nothing else is in: deny by default).
 *
 * @example profiles: { review: { servers: [github, docs], tools: { deny: ["*delete*"], mode: search }, nameBudget: 50 } }
 */
export const ProfileSchema = z
  .object({
    /** Free text for people (shown by `check`). */
    description: z.string().optional(),
    /** Globs over server ids; only matching servers are in the profile. @default every server */
    servers: z.array(Glob).optional().describe('Globs over server ids: only matching servers are in the profile (default: every server).'),
    tools: z
      .object({
        /** Globs over advertised tool names (`github__*issue*`); only matches are in. @default every tool of the profile's servers */
        allow: z.array(Glob).optional().describe('Globs over advertised tool names; only matching tools are in the profile (deny by default).'),
        /** Globs over advertised tool names that are never in; deny wins over allow. */
        deny: z.array(Glob).optional().describe('Globs over advertised tool names that are not in the profile; deny wins over allow.'),
        ...toolModeFields,
      })
      .strict()
      .optional()
      .describe('Which tools are in the profile (allow, deny over advertised names) and its tool mode (mode, autoThreshold, promote).'),
    /** Longest advertised tool / prompt name in this profile. @default settings.nameBudget */
    nameBudget: z.number().int().min(16).max(64).optional().describe('Longest advertised tool / prompt name in this profile (default: settings.nameBudget).'),
  })
  .strict();

export type ToolMode = z.infer<typeof ToolModeSchema>;
export type ProfileConfig = z.infer<typeof ProfileSchema>;

/** A profile after loading: its name attached. */
export interface ProfileEntry extends ProfileConfig {
  name: string;
}
