/**
 * DNS-rebinding defence: a request is served only when its `Host` names this gateway and its
 * `Origin` (sent by browsers only) is a localhost origin or one the catalog allows. The SDK's own
 * checks are deprecated and off by default, so the gateway does this before any transport sees
 * the request.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { isLoopbackHost } from '../../shared/hosts.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export interface OriginPolicyOptions {
  /** The address the server is bound to; a Host naming it is accepted. */
  bindHost: string;
  /** The port actually bound. */
  port: number;
  /** Extra `Host` values to accept, e.g. `gateway.lan:8808` (a value without a port matches any port). */
  allowedHosts: readonly string[];
  /** Extra origins to accept besides localhost ones, exactly as browsers send them. */
  allowedOrigins: readonly string[];
}

export type OriginVerdict = { ok: true } | { ok: false; message: string };

export class OriginPolicy {
  readonly #origins: Set<string>;
  readonly #hosts: Set<string>;

  constructor(private readonly options: OriginPolicyOptions) {
    this.#origins = new Set(options.allowedOrigins.map((o) => o.toLowerCase()));
    this.#hosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  }

  check(req: IncomingMessage): OriginVerdict {
    const hosts = req.headersDistinct.host ?? [];
    if (hosts.length !== 1 || !this.#hostAllowed(hosts[0] ?? '')) return { ok: false, message: 'Forbidden: Host header not allowed' };
    const origins = req.headersDistinct.origin ?? [];
    if (origins.length === 0) return { ok: true };
    if (origins.length > 1 || !this.#originAllowed(origins[0] ?? '')) return { ok: false, message: 'Forbidden: Origin not allowed' };
    return { ok: true };
  }

  #hostAllowed(value: string): boolean {
    const host = value.toLowerCase();
    if (this.#hosts.has(host)) return true;
    const parsed = splitHostPort(host);
    if (!parsed) return false;
    if (parsed.port !== undefined && parsed.port !== this.options.port) return false;
    if (this.#hosts.has(parsed.name)) return true;
    if (LOOPBACK_NAMES.has(parsed.name) || isLoopbackHost(parsed.name)) return true;
    // An IP literal cannot be rebound by DNS: it only reaches us when it is one of our addresses.
    if (isIP(parsed.name.replace(/^\[|\]$/g, '')) !== 0) return true;
    const bind = this.options.bindHost.toLowerCase();
    return parsed.name === bind || parsed.name === `[${bind}]`;
  }

  #originAllowed(value: string): boolean {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false; // `null`, garbage
    }
    // The exact serialization browsers send; anything else (paths, userinfo, odd spacing) is refused.
    if (url.origin.toLowerCase() !== value.toLowerCase()) return false;
    if (this.#origins.has(url.origin.toLowerCase())) return true;
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  }
}

function splitHostPort(value: string): { name: string; port?: number } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match?.[1]) return undefined;
  return match[2] === undefined ? { name: match[1] } : { name: match[1], port: Number(match[2]) };
}
