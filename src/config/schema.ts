/**
 * The catalog schema: the one source of every config type in mcp-switchboard.
 *
 * A catalog is YAML (or JSON, which is YAML) with either a `servers:` or an
 * `mcpServers:` map, so a Claude Desktop / Cursor / Claude Code config pastes in
 * unchanged. Each entry is a stdio server (`command`) or a remote server (`url`).
 */
import { z } from 'zod';
import type { PinPolicySchema } from './schema-parts.js';
import { HttpSettingsSchema, milliseconds, NameShapingSchema, PinningSettingsSchema, RestartSchema, UriShapingSchema } from './schema-parts.js';
import { ProfileSchema, ToolsSettingsSchema } from './schema-profiles.js';
import type { ProfileEntry } from './schema-profiles.js';

import { TelemetrySettingsSchema } from './schema-telemetry.js';

export * from './schema-parts.js';
export * from './schema-profiles.js';
export * from './schema-telemetry.js';

/** Characters a server id may use: they become part of tool names and URI schemes. */
export const SERVER_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const PREFIX_MESSAGE = 'prefix may only use A-Z a-z 0-9 _ - (at least one), or be false for unprefixed names';

/** Knobs every server has, whatever its transport. */
/** `auto`: probe 2026-07-28, fall back to 2025-11-25; `legacy`: 2025-11-25 only; `modern`: 2026-07-28 only. */
const EraSchema = z.enum(['auto', 'legacy', 'modern'], { error: 'era must be "auto", "legacy" (2025-11-25) or "modern" (2026-07-28)' });

/** `eager`: started with the gateway; `lazy`: advertised from its last snapshot and started by the first call that needs it. */
const StartSchema = z.enum(['eager', 'lazy'], { error: 'start must be "eager" (start with the gateway) or "lazy" (start on the first call that needs it)' });

/** Milliseconds without a request before a running server is stopped (and started again on demand); 0 = never. */
const idleTimeout = z.number().int().min(0, 'idleTimeout must be 0 (never stop) or a number of milliseconds');

const commonServerFields = {
  /** Set to `false` to keep an entry in the catalog without starting it. @default true */
  enabled: z.boolean().optional(),
  /** Claude Desktop / Cursor spelling of `enabled: false`; accepted for paste-compatibility. */
  disabled: z.boolean().optional(),
  /**
   * What advertised names start with: `<prefix><separator><name>`. Defaults to the server id;
   * `false` passes names through unprefixed (collisions are reported and resolved deterministically).
   */
  prefix: z.union([z.string().regex(/^[A-Za-z0-9_-]+$/, PREFIX_MESSAGE), z.literal(false)], { error: PREFIX_MESSAGE }).optional(),
  /** Per-request deadline in milliseconds. @default settings.defaults.timeout */
  timeout: milliseconds.optional(),
  /** Total time after which progress no longer extends a request's deadline (so it ends by this plus one `timeout`), in milliseconds. @default settings.defaults.maxTotalTimeout */
  maxTotalTimeout: milliseconds.optional(),
  /** Deadline for connect + initialize + first listing, in milliseconds. @default settings.defaults.connectTimeout */
  connectTimeout: milliseconds.optional(),
  /** Requests in flight at once towards this server. @default settings.defaults.maxConcurrency */
  maxConcurrency: z.number().int().positive().optional(),
  /** Ping a ready server after this many quiet milliseconds (and after 2 request timeouts in a row); no reply restarts it. 0 turns it off. @default settings.defaults.pingInterval */
  pingInterval: z.number().int().min(0).optional(),
  /** Requests waiting for a slot towards this server before more fail as overloaded. @default settings.defaults.maxQueue */
  maxQueue: z.number().int().min(0).optional(),
  /** Largest message this server may send, in bytes; a bigger one fails its request and recycles the connection. @default settings.defaults.maxMessageBytes */
  maxMessageBytes: z.number().int().min(1024).optional(),
  /** Restart policy after a crash or failed start. @default settings.defaults.restart */
  restart: RestartSchema.optional(),
  /**
   * Protocol era to speak to this server: `auto` probes 2026-07-28 once (`server/discover`) and falls
   * back to 2025-11-25, remembering the verdict; `legacy` and `modern` skip the probe. @default settings.defaults.era
   */
  era: EraSchema.optional(),
  /**
   * When the server is started: `eager` with the gateway, `lazy` by the first call that needs it
   * (tools/call, prompts/get, resources/read, completion, subscribe), while hosts are served its
   * tools from its last snapshot (`.switchboard/snapshots.json`). A lazy server never seen before
   * is started once to learn its lists. See docs/lazy-start.md. @default settings.defaults.start
   */
  start: StartSchema.optional(),
  /**
   * Stop the server after this many milliseconds with no request in flight and none arriving (and
   * no resource subscription); the next call that needs it starts it again. 0 = never.
   * @default settings.defaults.idleTimeout
   */
  idleTimeout: idleTimeout.optional(),
  /** Free text for humans; ignored by the gateway. */
  description: z.string().optional(),
  /** Filter, rename and re-describe its tools. */
  tools: NameShapingSchema.optional().describe('Filter, rename and re-describe its tools (allow, deny, rename, descriptions, hide).'),
  /** Filter, rename and re-describe its prompts. */
  prompts: NameShapingSchema.optional().describe('Filter, rename and re-describe its prompts (allow, deny, rename, descriptions, hide).'),
  /** Filter or hide its resources and resource templates. */
  resources: UriShapingSchema.optional().describe('Filter or hide its resources and resource templates (allow, deny, hide).'),
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
    /**
     * More `env` names whose values are secrets, beyond those that look secret (TOKEN, KEY, …) and
     * those written with `${VAR}`: their values are redacted everywhere.
     */
    secretEnv: z
      .array(z.string().min(1))
      .optional()
      .describe('env names whose values are secrets, beyond those that look secret (TOKEN, KEY, SECRET, …) and ${VAR} values'),
    /** Working directory of the child; relative paths resolve against the catalog's folder. @default the catalog's folder */
    cwd: z.string().optional(),
  })
  .strict();

export const RemoteTransportSchema = z.enum(['auto', 'streamable-http', 'sse']);

/** `https://host[:port]` (or `http://` on loopback): an origin, nothing else. */
const oauthOrigin = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.origin === value && (url.protocol === 'https:' || url.protocol === 'http:');
    } catch {
      return false;
    }
  },
  { error: 'a trusted origin must look like https://host[:port] (scheme, host, optional port; no path, no trailing slash)' },
);

/**
 * OAuth 2.1 for a remote server (MCP authorization, spec 2025-11-25): run
 * `mcp-switchboard login <server>` once; the tokens are kept in `settings.stateDir` and refreshed.
 * Every field is optional: without a client id the gateway registers itself (RFC 7591).
 *
 * @example oauth: { clientId: switchboard, clientSecret: "${CORP_CLIENT_SECRET}", scopes: [mcp.read], redirectPort: 8765 }
 */
export const OAuthSchema = z
  .object({
    /** A client registered with the authorization server by hand. @default dynamic client registration */
    clientId: z.string().min(1, 'clientId must not be empty').optional(),
    /** The secret of `clientId`, usually `"${VAR}"`; never written to the state directory. @default none (a public client) */
    clientSecret: z.string().min(1, 'clientSecret must not be empty').optional(),
    /** Scopes to ask for. @default the scopes the server's challenge or metadata names */
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope is printable ASCII without spaces, " or \\')).optional(),
    /** Port of the loopback redirect `http://127.0.0.1:<port>/callback` during `login`; 0 picks a free one. @default 0 */
    redirectPort: z.number().int().min(0).max(65535).optional(),
    /**
     * Origins the authorization server's endpoints may live on besides its issuer's own origin
     * (e.g. an issuer `https://accounts.example.com` whose token endpoint is `https://oauth2.example.com`).
     * @default []
     */
    trustedOrigins: z.array(oauthOrigin).optional(),
  })
  .strict()
  .refine((value) => value.clientSecret === undefined || value.clientId !== undefined, {
    error: 'clientSecret needs clientId (a registered client); without both the gateway registers itself',
    path: ['clientSecret'],
  });

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
    /**
     * OAuth for this server: `true` (or the options of `OAuthSchema`) means it needs a
     * `mcp-switchboard login <server>`; `false` never sends it a stored token. Unset: a stored login
     * is used, and a 401 with a `Bearer` challenge is reported as "needs a login".
     * @default unset
     */
    oauth: z.union([z.boolean(), OAuthSchema]).optional(),
  })
  .strict()
  .refine((value) => !value.oauth || !Object.keys(value.headers).some((name) => name.toLowerCase() === 'authorization'), {
    error: 'oauth and an Authorization header exclude each other: keep one of them',
    path: ['oauth'],
  });

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
    /** Liveness: ping a ready server after this many quiet ms, and after 2 request timeouts in a row; 0 = off. @default 60000 */
    pingInterval: z.number().int().min(0).default(60_000),
    /** Requests waiting per server beyond `maxConcurrency` before the excess fails fast. @default 128 */
    maxQueue: z.number().int().min(0).optional(),
    /** Largest message a server may send, in bytes. @default 16777216 (16 MiB) */
    maxMessageBytes: z.number().int().min(1024).optional(),
    /** Restart policy of every server; see `RestartSchema`. @default RESTART_DEFAULTS */
    restart: RestartSchema.optional(),
    /** Protocol era of every server (see a server's `era`). @default 'auto' */
    era: EraSchema.default('auto'),
    /** When every server is started (see a server's `start`). @default 'eager' */
    start: StartSchema.optional(),
    /** Idle stop of every server, in ms (see a server's `idleTimeout`); 0 = never. @default 0 */
    idleTimeout: idleTimeout.optional(),
  })
  .strict();

export const SettingsSchema = z
  .object({
    /** Between prefix and name in advertised tool and prompt names. @default '__' */
    separator: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,4}$/, 'separator must be 1-4 characters of A-Z a-z 0-9 _ -')
      .default('__'),
    /**
     * Longest advertised tool / prompt name. Leave room for a host's own prefix
     * (Claude Code prepends `mcp__<key>__`). @default 64
     */
    nameBudget: z.number().int().min(16).max(64).default(64),
    /** Items per page of upstream lists; 0 = never paginate. @default 0 */
    pageSize: z.number().int().min(0).default(0),
    /**
     * How long a host's first list request may wait for servers that are still starting, in ms, so
     * hosts that ignore `list_changed` still see the whole catalog. Later lists never wait; 0 = never.
     * @default 3000
     */
    startupWait: z.number().int().min(0).default(3000),
    defaults: DefaultsSchema.default(DefaultsSchema.parse({})),
    /** `serve --http` settings; absent means every default of `HttpSettingsSchema`. */
    http: HttpSettingsSchema.optional(),
    /**
     * Where logins to OAuth servers (tokens, client registrations) are kept, with owner-only
     * permissions; `~/` is the home folder, a relative path resolves against the catalog's folder.
     * @default $MCP_SWITCHBOARD_STATE_DIR, else $XDG_STATE_HOME/mcp-switchboard, else ~/.local/state/mcp-switchboard
     */
    stateDir: z.string().min(1, 'stateDir must not be empty').optional(),
    /** Tool pinning against rug pulls; see `PinningSettingsSchema`. @default { policy: 'hold' } */
    pinning: PinningSettingsSchema.default(PinningSettingsSchema.parse({})),
    /** How tools reach hosts (all, or a search tool in front of them); see `ToolsSettingsSchema`. @default { mode: 'all' } */
    tools: ToolsSettingsSchema.optional().describe('How tools reach hosts: mode (all | search | auto), autoThreshold, promote.'),
    /** Metrics and traces; see `TelemetrySettingsSchema` and docs/telemetry.md. */
    telemetry: TelemetrySettingsSchema.default(TelemetrySettingsSchema.parse({})),
  })
  .strict();

export const CatalogSchema = z
  .object({
    $schema: z.string().optional(),
    settings: SettingsSchema.default(SettingsSchema.parse({})),
    servers: z.record(z.string(), ServerSchema).optional(),
    mcpServers: z.record(z.string(), ServerSchema).optional(),
    /** Named views of the catalog, one per kind of host (`serve --profile P`, `/mcp/<profile>`); see `ProfileSchema`. */
    profiles: z.record(z.string(), ProfileSchema).optional().describe('Named views of the catalog: serve --profile NAME on stdio, /mcp/NAME over HTTP.'),
  })
  .strict();

export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type RemoteServerConfig = z.infer<typeof RemoteServerSchema>;
export type ServerConfig = z.infer<typeof ServerSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type PinPolicy = z.infer<typeof PinPolicySchema>;
export type RemoteTransport = z.infer<typeof RemoteTransportSchema>;
export type NameShaping = z.infer<typeof NameShapingSchema>;
export type UriShaping = z.infer<typeof UriShapingSchema>;
export type RestartConfig = z.infer<typeof RestartSchema>;
export type OAuthConfig = z.infer<typeof OAuthSchema>;

/** How one server's lists are shaped before naming: the catalog's `tools`, `prompts`, `resources`. */
export type ServerShaping = Pick<ServerConfig, 'tools' | 'prompts' | 'resources'>;

/** When a server is started (`start` in the catalog). */
export type ServerStart = z.infer<typeof StartSchema>;

/** The protocol era a server is spoken to in (`era` in the catalog). */
export type ServerEra = z.infer<typeof EraSchema>;

/** A catalog entry after loading: its id attached, defaults applied, aliases folded. */
export type ServerEntry =
  | (Omit<StdioServerConfig, 'disabled' | 'type' | 'restart'> & ResolvedCommon & { kind: 'stdio' })
  | (Omit<RemoteServerConfig, 'disabled' | 'type' | 'transport' | 'restart'> & ResolvedCommon & { kind: 'remote'; transport: RemoteTransport });

interface ResolvedCommon {
  id: string;
  enabled: boolean;
  timeout: number;
  maxTotalTimeout: number;
  connectTimeout: number;
  maxConcurrency: number;
  /** Liveness ping after this many quiet ms (0 = off); absent on hand-built entries, which then use 60000. */
  pingInterval?: number;
  /** Protocol era to speak; absent on hand-built entries, which then speak 2025-11-25 only. */
  era?: ServerEra;
  /** `lazy`: started on demand (see docs/lazy-start.md); absent when neither the server nor the defaults set it (eager). */
  start?: ServerStart;
  /** Idle stop after this many ms (0 = never); absent when neither the server nor the defaults set it (never). */
  idleTimeout?: number;
  /** Per-server fields over `settings.defaults.restart`; absent when neither is set (see `RESTART_DEFAULTS`). */
  restart?: RestartConfig;
  /** Absent when neither the server nor the defaults set it (see `DEFAULT_MAX_QUEUE`). */
  maxQueue?: number;
  /** Absent when neither the server nor the defaults set it (see `DEFAULT_MAX_MESSAGE_BYTES`). */
  maxMessageBytes?: number;
  /**
   * `${VAR}` references in this entry whose variables are unset: the server is reported and not
   * started, and the rest of the catalog is served. Absent when every reference resolved.
   */
  missingEnv?: string[];
}

/** What the rest of the gateway sees: a validated, interpolated, normalized catalog. */
export interface Catalog {
  /** Absolute path of the file it came from, when it came from a file. */
  file?: string;
  settings: Settings;
  /** In catalog order (the order decides collision winners). */
  servers: ServerEntry[];
  /** The catalog's `profiles:`, in catalog order; absent when it names none. */
  profiles?: ProfileEntry[];
  /**
   * Non-empty values that `${VAR}` interpolation substituted from the environment, so logs and
   * error messages can redact them. Absent when nothing was substituted.
   */
  secrets?: string[];
}
