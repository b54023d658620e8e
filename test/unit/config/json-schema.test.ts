import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_SCHEMA_FILE, catalogJsonSchema, catalogJsonSchemaText } from '../../../src/config/json-schema.js';
import { ROOT } from '../../helpers/paths.js';

describe('catalog JSON Schema', () => {
  it('is committed up to date with the zod schema (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(`${ROOT}${CATALOG_SCHEMA_FILE}`, 'utf8');
    expect(committed).toBe(catalogJsonSchemaText());
  });

  it('describes servers with shaping, and constrains server ids', () => {
    const schema = catalogJsonSchema() as { properties: Record<string, { propertyNames?: unknown; additionalProperties?: unknown }> };
    expect(schema.properties.servers?.propertyNames).toEqual({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' });
    const text = JSON.stringify(schema);
    for (const key of ['"allow"', '"deny"', '"rename"', '"descriptions"', '"hide"', '"command"', '"url"']) expect(text).toContain(key);
  });

  it('is referenced from the first line of servers.example.yaml', () => {
    const first = readFileSync(`${ROOT}servers.example.yaml`, 'utf8').split('\n')[0];
    expect(first).toBe(`# yaml-language-server: $schema=./${CATALOG_SCHEMA_FILE}`);
  });
});
