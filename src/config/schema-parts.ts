/**
 * Parts of the catalog schema that stand on their own: shaping of a server's lists, restart
 * policy and limits, and the settings of HTTP serving and pinning. `schema.ts` assembles the
 * catalog from them and re-exports them; like it, this file is a source of config types.
 */
import { z } from 'zod';

export const milliseconds = z.number().int().positive();

/** A glob over names or URIs: `*` is any run of characters, `?` is one character, the rest is literal. */
const Glob = z.string().min(1, 'a glob must not be empty');

/** What a rename target may be: the part hosts see after the prefix. */
const RENAME_TARGET_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Which of a server's tools (or prompts) are advertised, and how. Filters see the ORIGINAL names
 * and apply first; a rename replaces the original name (the prefix stays unless `prefix: false`);
 * calls still reach the server under its original name.
 *
 * @example tools: { deny: ["*delete*"], rename: { search_code: search }, descriptions: { search_code: "Search our monorepo" } }
 */
export const NameShapingSchema = z
  .object({
    /** Advertise none of them. @default false */
    hide: z.boolean().optional().describe('Advertise none of them.'),
    /** Only names matching one of these globs are advertised. @default every name */
    allow: z.array(Glob).optional().describe('Only names matching one of these globs (* and ?) are advertised.'),
    /** Names matching one of these globs are not advertised; deny wins over allow. */
    deny: z.array(Glob).optional().describe('Names matching one of these globs (* and ?) are not advertised; deny wins over allow.'),
    /** Original name → the name to advertise instead (still prefixed unless `prefix: false`). */
    rename: z
      .record(z.string(), z.string().regex(RENAME_TARGET_PATTERN, 'a rename target may only use A-Z a-z 0-9 _ - (1-64 characters)'))
      .optional()
      .describe('Original name → the name to advertise instead (still prefixed unless prefix: false).'),
    /** Original name → the description hosts see instead of the server's own. */
    descriptions: z.record(z.string(), z.string()).optional().describe("Original name → the description hosts see instead of the server's own."),
  })
  .strict();

/** Which of a server's resources and resource templates are advertised, by original URI (template). */
export const UriShapingSchema = z
  .object({
    /** Advertise none of its resources and templates. @default false */
    hide: z.boolean().optional().describe('Advertise none of its resources and resource templates.'),
    /** Only URIs (templates) matching one of these globs are advertised. */
    allow: z.array(Glob).optional().describe('Only URIs (or URI templates) matching one of these globs are advertised.'),
    /** URIs (templates) matching one of these globs are not advertised; deny wins over allow. */
    deny: z.array(Glob).optional().describe('URIs (or URI templates) matching one of these globs are not advertised; deny wins over allow.'),
  })
  .strict();

/**
 * Restarting a server that crashed or failed to start: capped exponential back-off with jitter,
 * and a breaker that stops a crash loop. Every field is optional; unset fields come from
 * `settings.defaults.restart`, then from `RESTART_DEFAULTS`.
 *
 * @example restart: { maxRetries: 10, initialDelay: 1000, maxDelay: 60000 }
 */
export const RestartSchema = z
  .object({
    /** Consecutive failed attempts (crashes or failed starts) before the breaker opens; 0 never restarts. @default 5 */
    maxRetries: z.number().int().min(0).optional(),
    /** Delay before the first restart, in ms; it doubles per consecutive failure, with ±20 % jitter. @default 500 */
    initialDelay: milliseconds.optional(),
    /** Longest delay between two attempts, in ms. @default 30000 */
    maxDelay: milliseconds.optional(),
    /** Once the breaker is open, one attempt is let through after this long, in ms; 0 keeps it open. @default 300000 */
    cooldown: z.number().int().min(0).optional(),
    /** Being ready this long forgets earlier failures, in ms. @default 60000 */
    resetAfter: milliseconds.optional(),
  })
  .strict();

/** What an unset `restart` field means. */
export const RESTART_DEFAULTS: Readonly<Required<z.infer<typeof RestartSchema>>> = {
  maxRetries: 5,
  initialDelay: 500,
  maxDelay: 30_000,
  cooldown: 300_000,
  resetAfter: 60_000,
};

/** Requests that may wait for a free slot per server before the excess fails as overloaded. */
export const DEFAULT_MAX_QUEUE = 128;
/** Largest message a downstream may send, in bytes. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** An origin as browsers send it: `scheme://host[:port]`, nothing else. */
const originString = z.string().refine(
  (value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  { error: 'an allowed origin must look like http://host:port (scheme, host, optional port; no path, no trailing slash)' },
);

/** Serving over Streamable HTTP (`serve --http`). Every field is optional. */
/** The defaults of `serve --http`, in one place: the catalog schema and the HTTP server both use them. */
export const HTTP_DEFAULTS = {
  host: '127.0.0.1',
  port: 8808,
  sessionIdleTtl: 1_800_000,
  maxSessions: 1000,
  maxBodyBytes: 4 * 1024 * 1024,
  shutdownGrace: 10_000,
} as const;

export const HttpSettingsSchema = z
  .object({
    /** Interface to bind. Anything but a loopback address exposes the gateway to the network. @default '127.0.0.1' */
    host: z.string().min(1).default(HTTP_DEFAULTS.host),
    /** TCP port; 0 picks a free one. @default 8808 */
    port: z.number().int().min(0).max(65535).default(HTTP_DEFAULTS.port),
    /**
     * Bearer token(s) a client must send (`Authorization: Bearer <token>`), at least 16 characters;
     * usually `"${SWITCHBOARD_TOKEN}"`. Unset: `$MCP_SWITCHBOARD_TOKEN`, else one is generated at startup.
     */
    token: z
      .union([z.string().min(16, 'token must be at least 16 characters'), z.array(z.string().min(16, 'token must be at least 16 characters')).min(1)])
      .optional(),
    /** Browser origins allowed besides localhost ones, e.g. `https://app.example.com`. @default [] */
    allowedOrigins: z.array(originString).default([]),
    /** `Host` header values allowed besides loopback names and the bind address, e.g. `gateway.lan:8808`. @default [] */
    allowedHosts: z.array(z.string().min(1)).default([]),
    /** A session with no request for this long is closed, in milliseconds. @default 1800000 */
    sessionIdleTtl: milliseconds.default(HTTP_DEFAULTS.sessionIdleTtl),
    /** Most HTTP sessions open at once; at the cap the oldest idle session is closed, and with none idle a new one gets 503. @default 1000 */
    maxSessions: z.number().int().positive().default(HTTP_DEFAULTS.maxSessions),
    /** Largest accepted request body, in bytes (413 above). @default 4194304 */
    maxBodyBytes: z.number().int().positive().default(HTTP_DEFAULTS.maxBodyBytes),
    /** On SIGINT / SIGTERM, how long in-flight requests may take to finish, in milliseconds. @default 10000 */
    shutdownGrace: z.number().int().min(0).default(HTTP_DEFAULTS.shutdownGrace),
  })
  .strict();

/** What the gateway does when a tool's definition differs from the one pinned for it. */
export const PinPolicySchema = z.enum(['hold', 'warn', 'allow']);

/**
 * Tool pinning against rug pulls: the first time the gateway sees a tool, it records a digest of
 * its definition (name, title, description, input and output schemas, annotations); a later change
 * is held back, warned about or accepted, and `mcp-switchboard approve` accepts it for good.
 *
 * @example pinning: { policy: warn, stateFile: /var/lib/switchboard/pins.json }
 */
export const PinningSettingsSchema = z
  .object({
    /**
     * `hold`: a changed tool is not advertised (and calls to it fail with advice) until approved;
     * `warn`: it is served, with an alert; `allow`: it is served and its new definition pinned.
     * @default 'hold'
     */
    policy: PinPolicySchema.default('hold').describe(
      'hold: a changed tool is held back until `mcp-switchboard approve`; warn: served with an alert; allow: served and re-pinned silently.',
    ),
    /**
     * The JSON file that keeps the pins (created on first use, mode 0600); relative paths resolve
     * against the catalog's folder. @default '.switchboard/pins.json' in the catalog's folder
     */
    stateFile: z
      .string()
      .min(1, 'stateFile must not be empty')
      .optional()
      .describe("The JSON file that keeps the pins; relative to the catalog's folder. Default: .switchboard/pins.json next to the catalog."),
  })
  .strict();
