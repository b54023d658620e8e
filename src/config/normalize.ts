/**
 * Validated raw entries → the `ServerEntry` shape the gateway uses: id attached, defaults
 * applied, Claude Desktop / Claude Code spellings folded (`disabled`, `type`), `cwd` made absolute.
 */
import { isAbsolute, resolve } from 'node:path';
import { SERVER_ID_PATTERN } from './schema.js';
import type { RemoteServerConfig, RemoteTransport, ServerConfig, ServerEntry, Settings, StdioServerConfig } from './schema.js';
import type { PathIssue } from './validate.js';

const TYPE_TO_TRANSPORT: Readonly<Record<NonNullable<RemoteServerConfig['type']>, RemoteTransport>> = {
  http: 'streamable-http',
  'streamable-http': 'streamable-http',
  streamableHttp: 'streamable-http',
  sse: 'sse',
};

/** Ids the gateway keeps for itself (its built-in server, see src/status-resource.ts). */
const RESERVED_SERVER_IDS: readonly string[] = ['switchboard'];

/** Why `id` cannot be a server id, with a way out; `undefined` when it can. */
export function checkServerId(id: string, separator: string): string | undefined {
  if (!SERVER_ID_PATTERN.test(id)) {
    const suggestion = suggestId(id);
    const rename = suggestion !== undefined ? `rename the key, e.g. to "${suggestion}"` : 'rename the key';
    if (id.length === 0) return 'server id is empty: give the server a name';
    if (id.length > 64) return `server id "${id}" is longer than 64 characters: ${rename}`;
    if (!/^[A-Za-z]/.test(id)) return `server id "${id}" must start with a letter (it becomes part of tool names and URIs): ${rename}`;
    return `server id "${id}" may only use A-Z a-z 0-9 _ - (it becomes part of tool names and URIs): ${rename}`;
  }
  if (RESERVED_SERVER_IDS.includes(id.toLowerCase())) {
    return `server id "${id}" is reserved for the gateway's own status resource: rename the key (e.g. to "${id}-server")`;
  }
  if (id.includes(separator)) {
    const suggestion = id
      .split(separator)
      .filter((part) => part !== '')
      .join('-');
    return `server id "${id}" contains the separator "${separator}", which would make tool names ambiguous: rename the key (e.g. to "${suggestion}") or change settings.separator`;
  }
  return undefined;
}

function suggestId(id: string): string | undefined {
  const cleaned = id
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 64);
  return cleaned !== '' && cleaned !== id && SERVER_ID_PATTERN.test(cleaned) ? cleaned : undefined;
}

export interface NormalizeOptions {
  settings: Settings;
  /** Folder a relative `cwd` resolves against; relative paths stay relative without one. */
  baseDir?: string;
}

/** Turn one validated entry into a `ServerEntry`, or report why its fields contradict each other. */
export function normalizeServer(
  id: string,
  config: ServerConfig,
  path: PropertyKey[],
  options: NormalizeOptions,
): { entry?: ServerEntry; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  const { disabled, enabled, restart: _restart, ...rest } = config;
  if (disabled !== undefined && enabled !== undefined && disabled === enabled) {
    issues.push({
      path: [...path, 'disabled'],
      message: `disabled: ${disabled} contradicts enabled: ${enabled}: keep one of them`,
    });
  }
  const defaults = options.settings.defaults;
  const common = {
    id,
    enabled: enabled ?? (disabled === undefined ? true : !disabled),
    timeout: rest.timeout ?? defaults.timeout,
    maxTotalTimeout: rest.maxTotalTimeout ?? defaults.maxTotalTimeout,
    connectTimeout: rest.connectTimeout ?? defaults.connectTimeout,
    maxConcurrency: rest.maxConcurrency ?? defaults.maxConcurrency,
    pingInterval: rest.pingInterval ?? defaults.pingInterval,
    era: rest.era ?? defaults.era,
    ...optionalKnobs(config, defaults),
  };

  if ('command' in rest) {
    const { type: _type, ...stdio } = rest as Omit<StdioServerConfig, 'disabled' | 'enabled'>;
    // A child runs in the catalog's folder unless told otherwise, so relative paths in `args`
    // work however the host launches the gateway (Claude Desktop starts it in `/`).
    const cwd =
      stdio.cwd === undefined ? options.baseDir : options.baseDir !== undefined && !isAbsolute(stdio.cwd) ? resolve(options.baseDir, stdio.cwd) : stdio.cwd;
    const entry: ServerEntry = { ...stdio, ...common, kind: 'stdio', ...(cwd !== undefined && { cwd }) };
    return issues.length > 0 ? { issues } : { entry, issues };
  }

  const { type, transport, ...remote } = rest as Omit<RemoteServerConfig, 'disabled' | 'enabled'>;
  const fromType = type !== undefined ? TYPE_TO_TRANSPORT[type] : undefined;
  if (fromType !== undefined && transport !== undefined && fromType !== transport) {
    issues.push({
      path: [...path, 'transport'],
      message: `transport "${transport}" disagrees with type "${type}" (which means "${fromType}"): keep one of them`,
    });
  }
  if (issues.length > 0) return { issues };
  const entry: ServerEntry = { ...remote, ...common, kind: 'remote', transport: transport ?? fromType ?? 'auto' };
  return { entry, issues };
}

type OptionalKnobs = Pick<ServerEntry, 'restart' | 'maxQueue' | 'maxMessageBytes' | 'start' | 'idleTimeout'>;

/** `restart`, `maxQueue`, `maxMessageBytes`, `start`, `idleTimeout`: present only when the server or `settings.defaults` sets them. */
function optionalKnobs(server: ServerConfig, defaults: Settings['defaults']): OptionalKnobs {
  const maxQueue = server.maxQueue ?? defaults.maxQueue;
  const maxMessageBytes = server.maxMessageBytes ?? defaults.maxMessageBytes;
  const start = server.start ?? defaults.start;
  const idleTimeout = server.idleTimeout ?? defaults.idleTimeout;
  const restart = defaults.restart || server.restart ? { ...defaults.restart, ...server.restart } : undefined;
  return {
    ...(restart && { restart }),
    ...(maxQueue !== undefined && { maxQueue }),
    ...(maxMessageBytes !== undefined && { maxMessageBytes }),
    ...(start !== undefined && { start }),
    ...(idleTimeout !== undefined && { idleTimeout }),
  };
}
