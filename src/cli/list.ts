/**
 * `list`: start every server, wait until each is ready or failed, print the merged tool set (or a
 * profile's, with `--profile`), stop.
 */
import type { NameRoute } from '../registry/types.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { accountSummary } from '../registry/index.js';
import { loadForCli } from './load.js';
import { profileArg } from './profile-arg.js';
import { withGateway } from './run-gateway.js';
import { renderTable } from './table.js';
import { printOut, printErr, printJson } from './output.js';
import { isServing } from '../downstream/status.js';

export const list: Command = {
  summary: "start every server, print the merged tool set (or a profile's; names as hosts see them) and exit",
  run: async (argv) => {
    const { values } = parseCommandArgs('list', argv, {
      json: { type: 'boolean', description: 'print servers, tools, prompts and resources as JSON' },
      profile: { type: 'string', value: 'P', description: 'the tool set of that profile of the catalog' },
    });
    return listTools({ config: values.config ?? defaultConfigPath(), json: values.json === true, profile: values.profile });
  },
};

async function listTools(options: { config: string; json: boolean; profile: string | undefined }): Promise<number> {
  const catalog = await loadForCli(options.config);
  if (!catalog) return 2;
  const profile = profileArg('list', catalog, options.profile);
  return withGateway(catalog, { asShared: true }, async (gateway) => {
    const view = gateway.profileView(profile) ?? gateway.view;
    const picked = new Set(gateway.profileServers(profile));
    const mode = gateway.served(profile)?.tools.mode ?? 'all';
    const tools = view.tools.map((tool) => {
      const route = view.routeTool(tool.name) as NameRoute;
      const needs = view.toolNeeds.get(tool.name);
      return { name: tool.name, server: route.serverId, original: route.name, description: tool.description ?? '', ...(needs && { needs: [...needs] }) };
    });
    const servers = gateway
      .statuses()
      .filter((s) => picked.has(s.serverId))
      .map((s) => ({
        id: s.serverId,
        state: s.state,
        tools: profile === undefined ? s.toolAccount.advertised : tools.filter((t) => t.server === s.serverId).length,
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
      printJson({ ...(profile !== undefined && { profile }), toolMode: mode, servers, tools, prompts, resources, resourceTemplates });
    } else {
      // A tool its server lists only to clients with a capability is offered only to hosts that declare it.
      const gated = tools.some((t) => t.needs !== undefined);
      printOut(
        renderTable(
          ['TOOL', 'SERVER', ...(gated ? ['HOSTS NEED'] : []), 'DESCRIPTION'],
          tools.map((t) => [t.name, t.server, ...(gated ? [t.needs?.join(', ') ?? '-'] : []), t.description]),
        ),
      );
      // In a profile, a server's count is what the profile keeps of it.
      const count = (s: (typeof servers)[number]) =>
        profile === undefined ? accountSummary(s.toolAccount, ' tools') : `${s.tools}/${s.toolAccount.listed} tools`;
      const summary = servers.map((s) => `${s.id}: ${s.state}${isServing(s.state) ? `, ${count(s)}` : ''}`).join('; ');
      const everyHost = tools.filter((t) => t.needs === undefined).length;
      const forAll = gated ? ` (${everyHost} for a host that declares none of sampling, elicitation, roots)` : '';
      printOut(`\n${tools.length} tools${forAll} from ${servers.filter((s) => isServing(s.state)).length}/${servers.length} servers — ${summary}\n`);
      if (profile !== undefined)
        printOut(`profile "${profile}"${mode === 'search' ? ': search mode (hosts list the search tools; these are found through them)' : ''}\n`);
      else if (mode === 'search') printOut('search mode: hosts list the search tools; these are found through them\n');
    }
    for (const s of servers) if (s.error) printErr(`server "${s.id}" is ${s.state}: ${s.error}\n`);
    return 0;
  });
}
