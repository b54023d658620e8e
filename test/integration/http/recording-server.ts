/**
 * A downstream MCP server over Streamable HTTP, in-process, that records what reaches it: every
 * request's headers and every `notifications/cancelled`. Tools: `echo` (returns its arguments)
 * and `slow` (waits `ms`, or until cancelled).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledNotificationSchema } from '@modelcontextprotocol/core';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { Server } from '@modelcontextprotocol/server';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';

export interface RecordingServer {
  url: string;
  /** Headers of every HTTP request received, in order. */
  headers: IncomingHttpHeaders[];
  /** Downstream request ids named by `notifications/cancelled`. */
  cancelled: (string | number)[];
  /** `slow` calls that began / ran to completion / were aborted. */
  slow: { started: number; completed: number; aborted: number };
  close: () => Promise<void>;
}

function createRecordingMcpServer(record: RecordingServer): Server {
  const server = new Server({ name: 'recorder', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({
    tools: [
      { name: 'echo', inputSchema: { type: 'object' } },
      { name: 'slow', inputSchema: { type: 'object' } },
    ],
  }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const args = request.params.arguments ?? {};
    if (request.params.name === 'slow') {
      const ms = Number(args.ms ?? 1000);
      record.slow.started += 1;
      const aborted = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        ctx.mcpReq.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (aborted) record.slow.aborted += 1;
      else record.slow.completed += 1;
      return { content: [{ type: 'text', text: `${String(args.tag ?? '')} slept ${ms}` }] };
    }
    return { content: [{ type: 'text', text: JSON.stringify(args) }] };
  });
  return server;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const transports = new Map<string, NodeStreamableHTTPServerTransport>();
  const record: RecordingServer = { url: '', headers: [], cancelled: [], slow: { started: 0, completed: 0, aborted: 0 }, close: async () => {} };
  const http = createServer((req, res) => {
    record.headers.push({ ...req.headers });
    const id = req.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? transports.get(id) : undefined;
    if (existing) return void existing.handleRequest(req, res);
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sid) => void transports.set(sid, transport),
    });
    void createRecordingMcpServer(record)
      .connect(transport)
      .then(() => {
        // Observe cancellations without replacing the SDK's own handler (which aborts the call).
        const deliver = transport.onmessage;
        transport.onmessage = (message: JSONRPCMessage, extra) => {
          const cancelled = CancelledNotificationSchema.safeParse(message);
          if (cancelled.success && cancelled.data.params.requestId !== undefined) record.cancelled.push(cancelled.data.params.requestId);
          deliver?.(message, extra);
        };
        return transport.handleRequest(req, res);
      });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  record.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  record.close = async () => {
    await Promise.allSettled([...transports.values()].map((t) => t.close()));
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  };
  return record;
}
