/**
 * The catalog's JSON Schema, generated from the zod schema, for editors: with the
 * `# yaml-language-server: $schema=…` line at the top of a catalog, VS Code (Red Hat YAML) and
 * other editors complete and validate it. `npm run schema` writes it to `schema/catalog.schema.json`;
 * a unit test fails when the committed file is stale.
 */
import { z } from 'zod';
import { CatalogSchema, SERVER_ID_PATTERN } from './schema.js';

/** Where the generated schema lives in the package. */
export const CATALOG_SCHEMA_FILE = 'schema/catalog.schema.json';

type JsonObject = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of what a user writes: the input side of the zod schema, so
 * fields with defaults are optional. Server ids are constrained like the loader constrains them.
 */
export function catalogJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(CatalogSchema, { io: 'input', target: 'draft-2020-12' }) as JsonObject;
  const properties = schema.properties as Record<string, JsonObject> | undefined;
  for (const key of ['servers', 'mcpServers']) {
    const servers = properties?.[key];
    if (servers) servers.propertyNames = { pattern: SERVER_ID_PATTERN.source };
  }
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/mcp-switchboard/mcp-switchboard/schema/catalog.schema.json',
    title: 'mcp-switchboard catalog',
    description: 'MCP servers served as one by mcp-switchboard: a servers: (or mcpServers:) map of stdio (command) and remote (url) servers.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The file's text: stable key order as generated, two-space indent, trailing newline. */
export function catalogJsonSchemaText(): string {
  return `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
}
