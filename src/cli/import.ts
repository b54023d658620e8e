/**
 * `import`: another host's MCP servers → a catalog. Reads Claude Desktop's config (default),
 * Claude Code's `.mcp.json`, Cursor's or VS Code's `mcp.json`, or any such file; writes the
 * catalog (with comments) to `--out` or stdout; then prints the one entry that replaces them all.
 */
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseCommandArgs, UsageError } from './args.js';
import type { Command } from './command.js';
import { convertHostConfig } from './import-convert.js';
import type { Converted } from './import-convert.js';
import { readHostConfig, SOURCE_KINDS } from './import-sources.js';
import type { HostConfig } from './import-sources.js';
import { CLI_FILE, SCHEMA_FILE, schemaReference } from './self.js';

export const importCommand: Command = {
  summary: "write a catalog from another host's MCP servers (stdout, or --out FILE with mode 0600)",
  run: async (argv) => {
    const { values } = parseCommandArgs('import', argv, {
      from: { type: 'string', value: `FILE|${SOURCE_KINDS.join('|')}`, description: "the host config to read (default claude-desktop's file)" },
      out: { type: 'string', short: 'o', value: 'FILE', description: 'write the catalog there (mode 0600: it may hold secrets) instead of stdout' },
      force: { type: 'boolean', description: 'overwrite --out FILE if it exists' },
      'secrets-as-vars': { type: 'boolean', description: 'replace env and headers values with ${VAR} references to export' },
    });
    if (values.config !== undefined) throw new UsageError('import: use --out FILE for the catalog to write (--config is what other commands read)');
    const out = values.out !== undefined ? resolve(values.out) : undefined;
    if (out !== undefined && existsSync(out) && values.force !== true) {
      throw new UsageError(`import: ${out} exists; pass --force to overwrite it`);
    }
    const source = await readHostConfig(values.from);
    const converted = convertHostConfig(source, {
      secretsAsVars: values['secrets-as-vars'] === true,
      ...(existsSync(SCHEMA_FILE) && { schemaPath: schemaReference(out) }),
    });
    if (out !== undefined) {
      // The catalog may hold copied secrets: owner-only, also when --force replaces an existing file.
      await writeFile(out, converted.yaml, { mode: 0o600 });
      await chmod(out, 0o600);
      process.stdout.write(
        `Wrote ${out} (mode 0600, owner only): ${converted.count.servers} server(s) from ${source.file} (${converted.count.enabled} enabled).\n\n`,
      );
      process.stdout.write(guidance(source, converted, out));
    } else {
      process.stdout.write(converted.yaml);
      process.stderr.write(guidance(source, converted, '<catalog file>'));
    }
    return 0;
  },
};

/** What to export, and the single host entry that replaces every imported one. */
function guidance(source: HostConfig, converted: Converted, catalog: string): string {
  const lines: string[] = [];
  if (converted.variables.length > 0) {
    lines.push('The catalog reads these variables from the gateway\'s environment; export them (or put them in the "env" of the entry below):');
    for (const variable of converted.variables) lines.push(`  ${variable.name}    (from ${variable.from})`);
    lines.push('');
  }
  if (converted.copiedValues > 0) {
    lines.push(`${converted.copiedValues} env/header value(s) were copied into the catalog as they are; --secrets-as-vars keeps them out of the file.`, '');
  }
  const key = source.kind === 'vscode' ? 'servers' : 'mcpServers';
  const entry = {
    ...(source.kind === 'vscode' && { type: 'stdio' }),
    command: process.execPath,
    args: [CLI_FILE, 'serve', '--config', catalog],
  };
  lines.push(`Replace every entry of "${key}" in ${source.file} with this one:`, JSON.stringify({ [key]: { switchboard: entry } }, null, 2), '');
  lines.push(`Check the catalog first: mcp-switchboard check --config ${catalog}`, '');
  return lines.join('\n');
}
