/**
 * The status document a running gateway hands out through its control API: who it is (pid, how
 * it serves, since when), each server's facts with its tool account, the pins waiting for
 * approval, and what the activity recorder saw. The same document feeds `status`, `approve` and
 * the dashboard. Nothing from a server's stderr (it can hold anything), secrets redacted. Pure.
 */
import type { ServerStatus } from '../gateway.js';
import type { PinAlert } from '../pinning/index.js';
import { redactDeep } from '../redact.js';
import type { ActivitySnapshot } from '../activity/recorder.js';

/** The gateway process behind a control endpoint. */
export interface GatewayInfo {
  pid: number;
  /** How it serves hosts. */
  mode: 'stdio' | 'http';
  /** ISO time the control endpoint started (about when the gateway did). */
  startedAt: string;
  /** The catalog file it serves. */
  catalog?: string;
  /** `serve --http`: the MCP endpoint. */
  url?: string;
  /** The dashboard, when one is served. */
  ui?: string;
}

/** A server as the control API reports it: its status without stderr, instructions or capabilities. */
export type ServerFacts = Omit<ServerStatus, 'stderrTail' | 'instructions' | 'capabilities'> & {
  /** For a server in `needs-login`: the command that logs in. */
  loginCommand?: string;
};

export interface GatewayDocument {
  gateway: GatewayInfo & { sessions: number };
  servers: ServerFacts[];
  pinAlerts: PinAlert[];
  activity?: ActivitySnapshot;
}

export interface DocumentSource {
  statuses(): ServerStatus[];
  alerts(): PinAlert[];
  readonly sessionCount: number;
  /** The login command for a server, when it needs one. */
  loginCommand?(serverId: string): string;
  activity?(): ActivitySnapshot;
}

export function gatewayDocument(source: DocumentSource, info: GatewayInfo): GatewayDocument {
  const servers = source.statuses().map(({ stderrTail: _stderr, instructions: _instructions, capabilities: _capabilities, ...facts }): ServerFacts => {
    const login = facts.state === 'needs-login' ? source.loginCommand?.(facts.serverId) : undefined;
    return login === undefined ? facts : { ...facts, loginCommand: login };
  });
  const activity = source.activity?.();
  return redactDeep({
    gateway: { ...info, sessions: source.sessionCount },
    servers,
    pinAlerts: source.alerts(),
    ...(activity !== undefined && { activity }),
  });
}
