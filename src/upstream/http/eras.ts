/**
 * Both protocol eras on one `/mcp` endpoint. A request with a session id belongs to a 2025-11-25
 * session. A POST without one is read (up to the body cap) and classified by the SDK's own
 * predicate (`isLegacyRequest`, given the parsed body: no per-request `_meta` envelope claim): 2025-11-25 traffic (an
 * `initialize`) goes to the session table, everything else to the SDK's per-request handler for
 * 2026-07-28 (`createMcpHandler`, strict), which builds one session per request from the gateway
 * and serves `subscriptions/listen` streams with the gateway's list changes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isJsonContentType, isLegacyRequest } from '@modelcontextprotocol/server';
import type { Logger } from '../../log.js';
import type { SessionFactory } from '../ports.js';
import { sendJsonRpcError } from './responses.js';

/** A session-less POST, read and classified. */
export type SessionlessPost =
  { era: 'legacy'; body?: unknown } | { era: 'modern'; body: unknown } | { era: 'refused'; status: number; message: string; code: number };

/**
 * Reads and classifies a POST that carries no session id. A body that is not JSON by its
 * Content-Type is left unread for the 2025-11-25 transport, which answers it 415.
 */
export async function classifyPost(req: IncomingMessage, maxBodyBytes: number): Promise<SessionlessPost> {
  if (!isJsonContentType(req.headers['content-type'])) return { era: 'legacy' };
  let request: Request;
  let text: string;
  try {
    request = await toWebRequest(req, undefined, { maxRequestBodySize: maxBodyBytes });
    text = await request.text();
  } catch (error) {
    if ((error as { status?: unknown }).status === 413) {
      return { era: 'refused', status: 413, message: `Payload Too Large: the body exceeds ${maxBodyBytes} bytes`, code: -32000 };
    }
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { era: 'refused', status: 400, message: 'Parse error: the body is not valid JSON', code: -32700 };
  }
  return (await isLegacyRequest(request, body, { maxRequestBodySize: maxBodyBytes })) ? { era: 'legacy', body } : { era: 'modern', body };
}

export interface ModernEndpoint {
  serve(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
  /** Tells the listen streams subscribed to `uri` (advertised) that it changed. */
  resourceUpdated(uri: string): void;
  close(): Promise<void>;
}

/**
 * The 2026-07-28 side of `/mcp` (or of `/mcp/<profile>`, serving that profile's view): one gateway
 * session per request, the view's list changes to listen streams.
 */
export function modernEndpoint(gateway: SessionFactory, options: { maxBodyBytes: number; logger: Logger; profile?: string }): ModernEndpoint {
  const onerror = (error: Error) => options.logger.debug('2026-07-28 request refused or failed', { error: error.message });
  const { profile } = options;
  const handler = createMcpHandler(({ era }) => gateway.createSession({ era, unsolicited: false, ...(profile !== undefined && { profile }) }), {
    legacy: 'reject',
    maxRequestBodySize: options.maxBodyBytes,
    onerror,
  });
  const stop = gateway.onListChanged?.((changes, changed) => {
    if (changed !== profile) return;
    if (changes.tools) handler.notify.toolsChanged();
    if (changes.prompts) handler.notify.promptsChanged();
    if (changes.resources) handler.notify.resourcesChanged();
  });
  const node = toNodeHandler(handler, { maxRequestBodySize: options.maxBodyBytes, onerror });
  return {
    serve: async (req, res, body) => {
      try {
        await node(req, res, body);
      } catch (error) {
        onerror(error as Error);
        sendJsonRpcError(res, 500, 'Internal Server Error');
      }
    },
    resourceUpdated: (uri) => handler.notify.resourceUpdated(uri),
    close: async () => {
      stop?.();
      await handler.close();
    },
  };
}
