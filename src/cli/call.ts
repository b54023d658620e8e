/**
 * `call`: one merged tool from the shell. The call goes through an in-process SDK client connected
 * to a gateway session, so it takes exactly the path a host's call takes (routing, timeouts, result
 * URI mapping). Waits only for the server that owns the tool, prints the result, stops.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { didYouMean } from '../config/suggest.js';
import type { Gateway } from '../gateway.js';
import { VERSION } from '../version.js';
import { parseCommandArgs, UsageError } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout, withGateway } from './run-gateway.js';
import { printOut, printErr, printJson } from './output.js';
import { isServing } from '../downstream/status.js';

export const call: Command = {
  summary: 'call one merged tool, the way a host would, and print the result',
  usage: '<tool> [json-args]',
  details: "Example: mcp-switchboard call --config servers.yaml memory__read_graph '{}'",
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs(
      'call',
      argv,
      {
        json: { type: 'boolean', description: 'print the raw result as JSON' },
        timeout: { type: 'string', value: 'MS', description: "deadline of the call (default the server's timeout)" },
      },
      true,
    );
    const [tool, rawArgs, ...extra] = positionals;
    if (tool === undefined) throw new UsageError("call: name the tool to call, e.g. call --config servers.yaml memory__read_graph '{}'");
    if (extra.length > 0) throw new UsageError(`call: expected <tool> [json-args], got ${positionals.length} arguments (quote the JSON)`);
    const args = parseToolArguments(rawArgs);
    const timeout = parseTimeout('call', values.timeout);
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    return withGateway(catalog, { until: (gateway) => gateway.view.routeTool(tool) !== undefined }, async (gateway) => {
      if (gateway.view.routeTool(tool) === undefined) {
        printErr(`mcp-switchboard: ${unknownTool(gateway, tool)}\n`);
        return 1;
      }
      const result = await callThroughSession(gateway, tool, args, timeout);
      if (result === undefined) return 1;
      if (values.json === true) printJson(result);
      else printOut(formatResult(result));
      return result.isError === true ? 1 : 0;
    });
  },
};

/** `'{"a":1}'` → `{ a: 1 }`; nothing → `{}`; anything but a JSON object is a usage error. */
function parseToolArguments(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`call: the arguments are not valid JSON (${(error as Error).message}); quote them, e.g. '{"path": "notes.md"}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('call: the arguments must be a JSON object, e.g. \'{"path": "notes.md"}\'');
  }
  return parsed as Record<string, unknown>;
}

/** Calls `tool` as a host would; a JSON-RPC error is printed and becomes `undefined`. */
async function callThroughSession(
  gateway: Gateway,
  tool: string,
  args: Record<string, unknown>,
  timeout: number | undefined,
): Promise<CallToolResult | undefined> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await gateway.createSession().connect(serverSide);
  const client = new Client({ name: 'mcp-switchboard-call', version: VERSION });
  await client.connect(clientSide);
  try {
    return (await client.callTool({ name: tool, arguments: args }, timeout === undefined ? {} : { timeout, maxTotalTimeout: timeout })) as CallToolResult;
  } catch (error) {
    printErr(`mcp-switchboard: calling ${tool} failed: ${(error as Error).message}\n`);
    return undefined;
  } finally {
    await client.close();
  }
}

/** Text content as it is, everything else as JSON; `structuredContent` only when there is no text. */
function formatResult(result: CallToolResult): string {
  const parts = result.content.map((item) => (item.type === 'text' ? item.text : JSON.stringify(item, null, 2)));
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const text = parts.join('\n');
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}

function unknownTool(gateway: Gateway, tool: string): string {
  const names = gateway.view.tools.map((t) => t.name);
  const guess = didYouMean(tool, names);
  const down = gateway.statuses().filter((s) => !isServing(s.state));
  const hint = guess !== undefined ? ` (did you mean "${guess}"?)` : '';
  const why =
    down.length > 0 ? `; not ready: ${down.map((s) => `${s.serverId} (${s.state}${s.lastError ? `: ${s.lastError.split('\n')[0]}` : ''})`).join(', ')}` : '';
  return `no tool "${tool}"${hint}; \`mcp-switchboard list\` shows the ${names.length} merged tools${why}`;
}
