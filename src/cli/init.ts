/**
 * `init`: a starter catalog that works where it is written, in a clone or in an installed package:
 * its servers are published packages started with `npx -y`, and its paths are relative to the
 * catalog's own folder. Prints what to run next.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseCommandArgs, UsageError } from './args.js';
import type { Command } from './command.js';
import { printOut } from './output.js';
import { SCHEMA_FILE, schemaReference } from './self.js';

/** The starter catalog; `$schema` points at the shipped schema when there is one. */
function starterCatalog(schema: string | undefined): string {
  return `${schema !== undefined ? `# yaml-language-server: $schema=${schema}\n` : ''}# mcp-switchboard catalog, written by \`mcp-switchboard init\`. Every server below is served to
# hosts as one MCP server, under namespaced names (memory__read_graph, files__read_text_file).
# Add your own servers under servers: (a command with args, or a url), then run
# \`mcp-switchboard check --config <this file>\`.
#
# These three come from the npm registry: \`npx -y\` downloads each the first time it starts, which
# can take longer than the default 30 s connectTimeout (\`check --timeout 120000\` allows for it).
# Relative paths resolve against this file's folder, wherever the host starts the gateway.

settings:
  separator: "__"     # advertised names are <server>__<tool>
  nameBudget: 64      # longest advertised name; print-config lowers it for hosts that add a prefix

servers:
  # The MCP reference server that exercises every protocol feature (echo, add, resources, prompts).
  everything:
    command: npx
    args: [-y, "@modelcontextprotocol/server-everything", stdio]

  # A knowledge-graph memory, kept in a file next to this catalog.
  memory:
    command: npx
    args: [-y, "@modelcontextprotocol/server-memory"]
    env:
      MEMORY_FILE_PATH: "\${MEMORY_FILE_PATH:-./memory.jsonl}"

  # File access limited to one folder: this file's folder unless FILES_ROOT says otherwise.
  files:
    command: npx
    args: [-y, "@modelcontextprotocol/server-filesystem", "\${FILES_ROOT:-.}"]

  # Your own server, started from your own path (relative to this file, or absolute):
  # mine:
  #   command: node
  #   args: [./my-server/index.js]
  #
  # A remote server (Streamable HTTP, falling back to legacy SSE):
  # docs:
  #   url: https://docs.example.com/mcp
  #   headers: { Authorization: "Bearer \${DOCS_TOKEN}" }
`;
}

export const initCommand: Command = {
  summary: 'write a starter catalog (three published servers started with npx -y) and say what to run next',
  details: 'Example: mcp-switchboard init && mcp-switchboard check --timeout 120000',
  run: async (argv) => {
    const { values } = parseCommandArgs('init', argv, {
      out: { type: 'string', short: 'o', value: 'FILE', description: 'where to write the catalog (default ./servers.yaml)' },
      force: { type: 'boolean', description: 'overwrite FILE if it exists' },
    });
    if (values.config !== undefined && values.out !== undefined) throw new UsageError('init: give --out FILE (or --config FILE), not both');
    const given = values.out ?? values.config;
    const out = resolve(given ?? 'servers.yaml');
    if (existsSync(out) && values.force !== true) throw new UsageError(`init: ${out} exists; pass --force to overwrite it, or --out FILE for another name`);
    await writeFile(out, starterCatalog(existsSync(SCHEMA_FILE) ? schemaReference(out) : undefined), { mode: 0o644 });
    const config = given === undefined ? '' : ` --config ${out}`;
    printOut(`Wrote ${out} (3 servers: everything, memory, files).

Next:
  mcp-switchboard check${config} --timeout 120000     start each server once (npx downloads them) and report
  mcp-switchboard list${config}                       the merged tool set, as hosts see it
  mcp-switchboard print-config claude-desktop${config}    the entry for a host (also: claude-code, cursor, vscode, windsurf, codex)
  mcp-switchboard install-host claude-desktop${config}    or write it into the host's config file (with a backup)
`);
    return 0;
  },
};
