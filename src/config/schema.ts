/**
 * The catalog schema: the one source of every config type in mcp-switchboard.
 *
 * A catalog is YAML (or JSON, which is YAML) with either a `servers:` or an
 * `mcpServers:` map, so a Claude Desktop / Cursor / Claude Code config pastes in
 * unchanged. Each entry is a stdio server (`command`) or a remote server (`url`).
 */
import { z } from 'zod';

/** Characters a server id may use: they become part of tool names and URI schemes. */
export const SERVER_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const PREFIX_MESSAGE = 'prefix may only use A-Z a-z 0-9 _ - (at least one), or be false for unprefixed names';

const milliseconds = z.number().int().positive();

/** Knobs every server has, whatever its transport. */
const commonServerFields = {
  /** Set to `false` to keep an entry in the catalog without starting it. @default true */
  enabled: z.boolean().optional(),
  /** Claude Desktop / Cursor spelling of `enabled: false`; accepted for paste-compatibility. */
  disabled: z.boolean().optional(),
  /**
   * What advertised names start with: `<prefix><separator><name>`. Defaults to the server id;
   * `false` passes names through unprefixed (collisions are reported and resolved deterministically).
   */
  prefix: z
    .union([z.string().regex(/^[A-Za-z0-9_-]+$/, PREFIX_MESSAGE), z.literal(false)], { error: PREFIX_MESSAGE })
    .optional(),
  /** Per-request deadline in milliseconds. @default settings.defaults.timeout */
  timeout: milliseconds.optional(),
  /** Hard cap on a request's total time, progress notwithstanding, in milliseconds. @default settings.defaults.maxTotalTimeout */
  maxTotalTimeout: milliseconds.optional(),
  /** Deadline for connect + initialize + first listing, in milliseconds. @default settings.defaults.connectTimeout */
  connectTimeout: milliseconds.optional(),
  /** Requests in flight at once towards this server. @default settings.defaults.maxConcurrency */
  maxConcurrency: z.number().int().positive().optional(),
  /** Free text for humans; ignored by the gateway. */
  description: z.string().optional(),
};

export const StdioServerSchema = z
  .object({
    ...commonServerFields,
    /** Claude Code spelling; optional. */
    type: z.literal('stdio', { error: 'type must be "stdio" for a server with command (remote servers have url)' }).optional(),
    /** Executable to spawn, looked up on PATH; `node` means the Node.js that runs the gateway. */
    command: z.string().min(1, 'command must not be empty'),
    args: z.array(z.string()).default([]),
    /** Added to the child's environment (on top of a small safelist of the gateway's own). */
    env: z.record(z.string(), z.string()).default({}),
    /** Working directory of the child; relative paths resolve against the catalog's folder. @default the catalog's folder */
    cwd: z.string().optional(),
  })
  .strict();

export const RemoteTransportSchema = z.enum(['auto', 'streamable-http', 'sse']);

export const RemoteServerSchema = z
  .object({
    ...commonServerFields,
    /** Claude Code / VS Code spelling of the transport; mapped onto `transport`. */
    type: z
      .enum(['http', 'streamable-http', 'streamableHttp', 'sse'], {
        error: 'type must be http, streamable-http, streamableHttp or sse for a server with url (stdio servers have command)',
      })
      .optional(),
    url: z.url({ protocol: /^https?$/, error: 'url must be an http:// or https:// URL' }),
    headers: z.record(z.string(), z.string()).default({}),
    /** `auto` tries Streamable HTTP first and falls back to legacy SSE. @default 'auto' */
    transport: RemoteTransportSchema.optional(),
  })
  .strict();

export const ServerSchema = z.union([StdioServerSchema, RemoteServerSchema], {
  error: 'a server needs either `command` (stdio) or `url` (remote), with only the fields that kind allows',
});

export const DefaultsSchema = z
  .object({
    /** @default 60000 */
    timeout: milliseconds.default(60_000),
    /** Hard cap on a request's total time even when progress keeps resetting its deadline. @default 600000 */
    maxTotalTimeout: milliseconds.default(600_000),
    /** @default 30000 */
    connectTimeout: milliseconds.default(30_000),
    /** @default 16 */
    maxConcurrency: z.number().int().positive().default(16),
  })
  .strict();

export const SettingsSchema = z
  .object({
    /** Between prefix and name in advertised tool and prompt names. @default '__' */
    separator: z.string().regex(/^[A-Za-z0-9_-]{1,4}$/, 'separator must be 1-4 characters of A-Z a-z 0-9 _ -').default('__'),
    /**
     * Longest advertised tool / prompt name. Leave room for a host's own prefix
     * (Claude Code prepends `mcp__<key>__`). @default 64
     */
    nameBudget: z.number().int().min(16).max(64).default(64),
    /** Items per page of upstream lists; 0 = never paginate. @default 0 */
    pageSize: z.number().int().min(0).default(0),
    defaults: DefaultsSchema.default(DefaultsSchema.parse({})),
  })
  .strict();

export const CatalogSchema = z
  .object({
    $schema: z.string().optional(),
    settings: SettingsSchema.default(SettingsSchema.parse({})),
    servers: z.record(z.string(), ServerSchema).optional(),
    mcpServers: z.record(z.string(), ServerSchema).optional(),
  })
  .strict();

export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type RemoteServerConfig = z.infer<typeof RemoteServerSchema>;
export type ServerConfig = z.infer<typeof ServerSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type RawCatalog = z.infer<typeof CatalogSchema>;
export type RemoteTransport = z.infer<typeof RemoteTransportSchema>;

/** A catalog entry after loading: its id attached, defaults applied, aliases folded. */
export type ServerEntry =
  | (Omit<StdioServerConfig, 'disabled' | 'type'> & ResolvedCommon & { kind: 'stdio' })
  | (Omit<RemoteServerConfig, 'disabled' | 'type' | 'transport'> & ResolvedCommon & { kind: 'remote'; transport: RemoteTransport });

interface ResolvedCommon {
  id: string;
  enabled: boolean;
  timeout: number;
  maxTotalTimeout: number;
  connectTimeout: number;
  maxConcurrency: number;
}

/** What the rest of the gateway sees: a validated, interpolated, normalized catalog. */
export interface Catalog {
  /** Absolute path of the file it came from, when it came from a file. */
  file?: string;
  settings: Settings;
  /** In catalog order (the order decides collision winners). */
  servers: ServerEntry[];
  /**
   * Non-empty values that `${VAR}` interpolation substituted from the environment, so logs and
   * error messages can redact them. Absent when nothing was substituted.
   */
  secrets?: string[];
}

export function isStdio(entry: ServerEntry): entry is Extract<ServerEntry, { kind: 'stdio' }> {
  return entry.kind === 'stdio';
}
