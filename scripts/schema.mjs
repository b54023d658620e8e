// Writes schema/catalog.schema.json from the zod schema (run by `npm run schema`, after the build).
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { CATALOG_SCHEMA_FILE, catalogJsonSchemaText } from '../dist/config/json-schema.js';

const target = fileURLToPath(new URL(`../${CATALOG_SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, catalogJsonSchemaText());
process.stderr.write(`wrote ${CATALOG_SCHEMA_FILE}\n`);
