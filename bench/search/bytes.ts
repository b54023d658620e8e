/**
 * What a host receives for `tools/list`: in `all` mode every tool with its schema; in `search` mode
 * the gateway's three tools. The three here are a representative estimate (the gateway builds the
 * real ones): a search tool whose description names every server with its purpose and tool count,
 * a describe tool and a call tool, each with a small input schema.
 */
import type { CorpusServer } from './load.js';
import { advertised } from './load.js';

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

export function listBytesAll(servers: readonly CorpusServer[]): number {
  const tools = servers.flatMap((server) =>
    server.tools.map((tool) => ({
      name: advertised(server.id, tool.name),
      ...(tool.title !== undefined ? { title: tool.title } : {}),
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      inputSchema: tool.inputSchema ?? { type: 'object' },
    })),
  );
  return bytes({ tools });
}

export function listBytesSearch(servers: readonly CorpusServer[]): number {
  const total = servers.reduce((sum, server) => sum + server.tools.length, 0);
  const catalog = servers.map((server) => `${server.id} (${server.tools.length}): ${server.description}`).join('; ');
  const tools = [
    {
      name: 'search_tools',
      title: 'Search tools',
      description: `Find the right tool among ${total} tools from ${servers.length} servers behind this gateway: ${catalog}. Describe the task in plain words; returns tool names, one-line descriptions and scores, best first. Then call describe_tools for their parameters and call_tool to run one.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'What you want to do, in plain words' },
          limit: { type: 'integer', minimum: 1, maximum: 50, description: 'How many tools to return (default 10)' },
        },
        required: ['query'],
      },
    },
    {
      name: 'describe_tools',
      title: 'Describe tools',
      description: 'Full description and input schema of the named tools (names from search_tools).',
      inputSchema: {
        type: 'object',
        properties: { names: { type: 'array', items: { type: 'string' }, maxItems: 20, description: 'Tool names' } },
        required: ['names'],
      },
    },
    {
      name: 'call_tool',
      title: 'Call a tool',
      description: 'Call a tool found with search_tools, with arguments that match its input schema.',
      inputSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Tool name' },
          arguments: { type: 'object', description: 'Arguments for the tool', additionalProperties: true },
        },
        required: ['name'],
      },
    },
  ];
  return bytes({ tools });
}
