/**
 * A tool's text, field by field, as the index reads it. Each field has a word budget, so one huge
 * description or schema cannot make a document (or the build) unbounded.
 */
import type { FieldName } from './config.js';
import { schemaText } from './schema-text.js';

/** What the index knows about one tool (see `SearchDoc` in index.ts). */
export interface FieldSource {
  name: string;
  server: string;
  originalName?: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  serverDescription?: string;
}

/** Words read per field. */
export const FIELD_WORDS: Readonly<Record<FieldName, number>> = {
  text: 544,
  name: 32,
  title: 32,
  description: 512,
  params: 400,
  server: 128,
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The text of `field` for `doc` (joined with spaces; the tokenizer splits it). */
export function fieldText(doc: FieldSource, field: FieldName): string {
  switch (field) {
    case 'text':
      return `${str(doc.name)} ${str(doc.description)}`;
    case 'name':
      return str(doc.originalName) || str(doc.name);
    case 'title':
      return str(doc.title);
    case 'description':
      return str(doc.description);
    case 'params': {
      const { names, text } = schemaText(doc.inputSchema);
      return `${names.join(' ')} ${text.join(' ')}`;
    }
    case 'server':
      return `${str(doc.server)} ${str(doc.serverDescription)}`;
  }
}
