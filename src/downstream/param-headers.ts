/**
 * SEP-2243 custom headers towards 2026-07-28 servers over Streamable HTTP: a tool's input schema
 * may mark primitive parameters with `x-mcp-header: <Name>`, and every `tools/call` of that tool
 * then carries `Mcp-Param-<Name>: <value>` so the server's HTTP edge can route or authorize on it
 * without reading the body. A tool whose declarations break the rules is excluded from the list
 * (the client MUST), with a warning naming the tool and the rule.
 *
 * The SDK does this only inside `Client.listTools` / `Client.callTool`; the gateway relays raw
 * requests (it must not validate or reshape results), so the rules live here. Server data is
 * hostile: the schema walk is bounded in depth and in nodes.
 */

/** The error a 2026-07-28 server answers when a request's headers disagree with its body (HTTP 400). */
export const HEADER_MISMATCH = -32020;

const HEADER_KEY = 'x-mcp-header';
/** RFC 9110 token characters: no space, control character or delimiter. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** `number` is not allowed: its textual form is ambiguous. */
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);
/** Subschema keywords off the `properties` chain: a declaration under any of them is invalid. */
const OFF_CHAIN = [
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'patternProperties',
  'dependentSchemas',
  'dependencies',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$defs',
  'definitions',
] as const;
/** Keywords whose value maps names to subschemas. */
const MAPS = new Set(['patternProperties', 'dependentSchemas', 'dependencies', '$defs', 'definitions']);
const MAX_DEPTH = 32;
const MAX_NODES = 5_000;
const BASE64_OPEN = '=?base64?';
const BASE64_CLOSE = '?=';

/** One parameter mirrored into a header: where it sits in `arguments`, and the header's name. */
export interface HeaderParam {
  path: readonly string[];
  header: string;
}

export type HeaderScan = { ok: true; params: HeaderParam[] } | { ok: false; reason: string };

interface Visit {
  node: unknown;
  path: string[];
  onChain: boolean;
  depth: number;
}

/** The `x-mcp-header` declarations of one input schema, or the first rule they break. */
export function scanHeaderParams(schema: unknown): HeaderScan {
  const params: HeaderParam[] = [];
  const seen = new Map<string, string>();
  const stack: Visit[] = [{ node: schema, path: [], onChain: true, depth: 0 }];
  for (let nodes = 0; stack.length > 0 && nodes < MAX_NODES; nodes++) {
    const { node, path, onChain, depth } = stack.pop() as Visit;
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    const record = node as Record<string, unknown>;
    if (HEADER_KEY in record) {
      const fault = declarationFault(record, path, onChain, seen);
      if (fault !== undefined) return { ok: false, reason: fault };
      params.push({ path, header: record[HEADER_KEY] as string });
    }
    if (depth >= MAX_DEPTH) continue;
    const next = depth + 1;
    const properties = record.properties;
    if (typeof properties === 'object' && properties !== null && !Array.isArray(properties)) {
      for (const [key, child] of Object.entries(properties)) stack.push({ node: child, path: [...path, key], onChain, depth: next });
    }
    for (const keyword of OFF_CHAIN) {
      const value = record[keyword];
      if (value === undefined) continue;
      const branches = Array.isArray(value) ? value : MAPS.has(keyword) && typeof value === 'object' && value !== null ? Object.values(value) : [value];
      for (const branch of branches) stack.push({ node: branch, path: [...path, `(${keyword})`], onChain: false, depth: next });
    }
  }
  return { ok: true, params };
}

function declarationFault(schema: Record<string, unknown>, path: string[], onChain: boolean, seen: Map<string, string>): string | undefined {
  const where = path.length === 0 ? 'the schema root' : `property ${path.join('.')}`;
  if (!onChain || path.length === 0) return `${HEADER_KEY} on ${where}: it is allowed only on properties reached through "properties" alone`;
  const name = schema[HEADER_KEY];
  if (typeof name !== 'string' || name === '') return `${HEADER_KEY} on ${where} must be a non-empty string`;
  if (!TOKEN.test(name)) return `${HEADER_KEY} ${JSON.stringify(name)} on ${where} is not an HTTP token (no spaces, controls, delimiters or non-ASCII)`;
  const type = schema.type;
  if (typeof type !== 'string' || !HEADER_TYPES.has(type)) {
    return `${HEADER_KEY} on ${where} needs type string, integer or boolean (got ${typeof type === 'string' ? type : 'none'})`;
  }
  const prior = seen.get(name.toLowerCase());
  if (prior !== undefined) return `${HEADER_KEY} ${JSON.stringify(name)} repeats ${JSON.stringify(prior)} (names are case-insensitive)`;
  seen.set(name.toLowerCase(), name);
  return undefined;
}

/** The `Mcp-Param-*` headers of one call; absent and null arguments send none. */
export function paramHeaders(params: readonly HeaderParam[], args: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const param of params) {
    const text = headerText(valueAt(args, param.path));
    if (text !== undefined) headers[`Mcp-Param-${param.header}`] = encodeHeaderValue(text);
  }
  return headers;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** A safe visible-ASCII value goes as is; anything else as `=?base64?<utf-8 base64>?=`. */
export function encodeHeaderValue(text: string): string {
  return needsBase64(text) ? `${BASE64_OPEN}${Buffer.from(text, 'utf8').toString('base64')}${BASE64_CLOSE}` : text;
}

function needsBase64(text: string): boolean {
  if (text === '' || text !== text.trim()) return true;
  if (text.startsWith(BASE64_OPEN) && text.endsWith(BASE64_CLOSE)) return true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 9 && (code < 32 || code > 126)) return true;
  }
  return false;
}

/**
 * The rules for one connection: scans are kept per tool object (a refreshed list brings new
 * objects), and an excluded tool is warned about once per connection.
 */
export class ParamHeaderRules {
  readonly #scans = new WeakMap<object, HeaderScan>();
  readonly #warned = new Set<string>();

  constructor(private readonly warn: (message: string) => void) {}

  /** The tools a host may be offered: those whose declarations are valid. */
  filterTools(tools: unknown[]): unknown[] {
    return tools.filter((tool) => {
      const scan = this.#scan(tool);
      if (scan.ok) return true;
      const name = String((tool as { name?: unknown }).name);
      const message = `tool ${JSON.stringify(name)} is not offered: ${scan.reason} (SEP-2243)`;
      if (!this.#warned.has(message) && this.#warned.size < 1_000) {
        this.#warned.add(message);
        this.warn(message);
      }
      return false;
    });
  }

  /** The headers for one `tools/call` of `tool` with `args`; undefined when it declares none. */
  headersFor(tool: unknown, args: unknown): Record<string, string> | undefined {
    const scan = this.#scan(tool);
    if (!scan.ok || scan.params.length === 0) return undefined;
    const headers = paramHeaders(scan.params, args);
    return Object.keys(headers).length > 0 ? headers : undefined;
  }

  #scan(tool: unknown): HeaderScan {
    if (typeof tool !== 'object' || tool === null) return { ok: true, params: [] };
    let scan = this.#scans.get(tool);
    if (!scan) {
      scan = scanHeaderParams((tool as { inputSchema?: unknown }).inputSchema);
      this.#scans.set(tool, scan);
    }
    return scan;
  }
}
