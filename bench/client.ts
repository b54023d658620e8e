import { Client } from '@modelcontextprotocol/client';
import type { Transport } from '@modelcontextprotocol/client';
import { z } from 'zod';

const ToolsPage = z.looseObject({
  tools: z.array(z.looseObject({ name: z.string(), execution: z.looseObject({ taskSupport: z.string().optional() }).optional() })),
  nextCursor: z.string().optional(),
});
const CallResult = z.looseObject({ content: z.array(z.unknown()) });
const TIMEOUT = { timeout: 60_000 };

export async function connectClient(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'switchboard-bench', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport, TIMEOUT);
  return client;
}

/** Every tool name a gateway can offer (tools that only run as tasks are not), all pages drained. */
export async function listToolNames(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } }, ToolsPage, TIMEOUT);
    for (const tool of page.tools) if (tool.execution?.taskSupport !== 'required') names.push(tool.name);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return names;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<z.infer<typeof CallResult>> {
  return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallResult, TIMEOUT);
}

/**
 * Lists until at least `expected` tools are there: re-lists on every `tools/list_changed`, and
 * every `pollMs` in case a notification cannot reach this client (e.g. no HTTP GET stream).
 */
export async function waitForTools(client: Client, expected: number, timeoutMs: number, pollMs = 100): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | undefined;
  client.setNotificationHandler('notifications/tools/list_changed', () => wake?.());
  try {
    for (;;) {
      const names = await listToolNames(client);
      if (names.length >= expected) return names;
      if (Date.now() > deadline) throw new Error(`only ${names.length}/${expected} tools after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    client.removeNotificationHandler('notifications/tools/list_changed');
  }
}
