/**
 * YAML (or JSON) text → plain data, plus a locator that turns a key path back into
 * `line:col` in that text. Syntax errors come back as issues with their own position.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { formatPath } from './errors.js';
import type { ConfigIssue } from './errors.js';

/** A 1-based place in the source text. */
export interface Position {
  line: number;
  column: number;
}

export interface Source {
  /** The document as plain data (anchors, aliases and `<<` merges resolved). */
  data: unknown;
  /** Syntax errors; when there are any, `data` is not to be trusted. */
  syntaxIssues: ConfigIssue[];
  /**
   * Where `path` is written: the key of a mapping entry, the item of a list. A path that does
   * not exist in the text (a missing key, a merged one) gives its nearest existing parent.
   */
  locate(path: readonly PropertyKey[]): Position | undefined;
}

/** Parse `text`; `file` only labels the issues. */
export function readSource(text: string, file?: string): Source {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxIssues: ConfigIssue[] = doc.errors.map((error) => {
    const position = at(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY' ? findDuplicate(doc, error.pos[0]) : undefined;
    return {
      ...(file !== undefined && { file }),
      ...(position && { line: position.line, column: position.column }),
      path: duplicate ? formatPath(duplicate.parent) : '',
      message: duplicate ? duplicateMessage(duplicate, at(duplicate.firstOffset)) : `YAML syntax error: ${firstLine(error.message)}`,
    };
  });

  let data: unknown = null;
  if (syntaxIssues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      syntaxIssues.push({ ...(file !== undefined && { file }), path: '', message: `YAML error: ${firstLine(String((error as Error).message ?? error))}` });
    }
  }

  return {
    data,
    syntaxIssues,
    locate: (path) => at(findOffset(doc, path)),
  };
}

function findOffset(doc: Document, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    node = resolve(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

interface Duplicate {
  /** Key path of the mapping that holds the key twice. */
  parent: PropertyKey[];
  key: string;
  /** Where the key is written first. */
  firstOffset: number | undefined;
}

/** The mapping entry whose key starts at `offset` is a repeat: which key, in which mapping. */
function findDuplicate(doc: Document, offset: number): Duplicate | undefined {
  const walk = (node: unknown, path: PropertyKey[]): Duplicate | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && rangeStart(pair.key) === offset) {
          const key = String(pair.key.value);
          const first = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
          return { parent: path, key, firstOffset: rangeStart(first?.key) };
        }
        const found = walk(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const found = walk(item, [...path, index]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(doc.contents, []);
}

function duplicateMessage(duplicate: Duplicate, first: Position | undefined): string {
  const where = first !== undefined ? ` (first at line ${first.line})` : '';
  const what = duplicate.parent.length === 1 && (duplicate.parent[0] === 'servers' || duplicate.parent[0] === 'mcpServers') ? 'server id' : 'key';
  return `the ${what} "${duplicate.key}" appears twice${where}; YAML allows a key once per mapping: rename one, or merge the two entries`;
}
