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
  lead: 40,
  description: 240,
  params: 160,
  server: 128,
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The description's first sentence: what the tool is for, before usage notes and caveats. A
 * sentence ends at `.`, `!` or `?` before a space, or at a newline; a leading label of fewer than
 * three words ("Purpose:", "IMPORTANT") is skipped. At most 300 characters.
 */
function leadSentence(description: string): string {
  const sentences = description.slice(0, 800).split(/[.!?](?:\s|$)|\n/u, 4);
  for (const sentence of sentences) {
    if ((sentence.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 3) return sentence.slice(0, 300);
  }
  return (sentences[0] ?? '').slice(0, 300);
}

/** The text of `field` for `doc` (joined with spaces; the tokenizer splits it). */
export function fieldText(doc: FieldSource, field: FieldName): string {
  switch (field) {
    case 'text':
      return `${str(doc.name)} ${str(doc.description)}`;
    case 'name':
      return str(doc.originalName) || str(doc.name);
    case 'title':
      return str(doc.title);
    case 'lead':
      return leadSentence(str(doc.description));
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
