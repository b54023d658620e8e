/**
 * `list`: start every server, wait until each is ready or failed, print the merged tool set, stop.
 */
import type { NameRoute } from '../registry/types.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { accountSummary } from '../registry/index.js';
import { loadForCli } from './load.js';
import { withGateway } from './run-gateway.js';
import { renderTable } from './table.js';
import { printOut, printErr, printJson } from './output.js';

export const list: Command = {
  summary: 'list  --config FILE [--json]   print the merged tool set and exit',
  run: async (argv) => {
    const { values } = parseCommandArgs('list', argv, { json: { type: 'boolean' } });
    return listTools({ config: values.config ?? defaultConfigPath(), json: values.json === true });
  },
};

async function listTools(options: { config: string; json: boolean }): Promise<number> {
  const catalog = await loadForCli(options.config);
  if (!catalog) return 2;
  return withGateway(catalog, {}, async (gateway) => {
    const { view } = gateway;
    const tools = view.tools.map((tool) => {
      const route = view.routeTool(tool.name) as NameRoute;
      return { name: tool.name, server: route.serverId, original: route.name, description: tool.description ?? '' };
    });
    const servers = gateway.statuses().map((s) => ({
      id: s.serverId,
      state: s.state,
      tools: s.toolAccount.advertised,
      toolAccount: s.toolAccount,
      prompts: s.prompts,
      resources: s.resources,
      resourceTemplates: s.resourceTemplates,
      ...(s.lastError ? { error: s.lastError } : {}),
    }));

    if (options.json) {
      const prompts = view.prompts.map((p) => p.name);
      const resources = view.resources.map((r) => r.uri);
      const resourceTemplates = view.resourceTemplates.map((t) => t.uriTemplate);
      printJson({ servers, tools, prompts, resources, resourceTemplates });
    } else {
      printOut(
        renderTable(
          ['TOOL', 'SERVER', 'DESCRIPTION'],
          tools.map((t) => [t.name, t.server, t.description]),
        ),
      );
      const summary = servers.map((s) => `${s.id}: ${s.state}${s.state === 'ready' ? ` (${accountSummary(s.toolAccount)} tools)` : ''}`).join(', ');
      printOut(`\n${tools.length} tools from ${servers.filter((s) => s.state === 'ready').length}/${servers.length} servers — ${summary}\n`);
    }
    for (const s of servers) if (s.error) printErr(`server "${s.id}" is ${s.state}: ${s.error}\n`);
    return 0;
  });
}
