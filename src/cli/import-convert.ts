/**
 * A host's server list → catalog YAML with comments: ids made valid, host spellings folded onto
 * ours (`type`, `disabled`, `serverUrl`), host variable syntax (`${env:X}`, `${input:id}`,
 * `${workspaceFolder}`) turned into catalog `${VAR}` references, and, when asked, secrets in
 * `env` / `headers` replaced by `${SERVER_KEY}` references. Pure: no files, no environment.
 */
import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { Scalar, YAMLMap } from 'yaml';
import { checkServerId } from '../config/normalize.js';
import type { HostConfig } from './import-sources.js';

export interface ConvertOptions {
  /** Replace `env` and `headers` values with `${SERVER_KEY}` references. */
  secretsAsVars: boolean;
  /** `$schema` path for the `yaml-language-server` line, when known. */
  schemaPath?: string;
}

/** A variable the catalog references that the gateway's environment must provide. */
export interface ImportedVariable {
  name: string;
  /** Where its value came from: `servers.github.env.GITHUB_TOKEN`, or a VS Code input. */
  from: string;
}

export interface Converted {
  yaml: string;
  /** Variables to export before running the gateway, in first-use order. */
  variables: ImportedVariable[];
  /** How many `env` / `headers` values were copied into the file as they are. */
  copiedValues: number;
  /** Servers imported, and enabled among them. */
  count: { servers: number; enabled: number };
}

const FIELD_COMMENTS: Readonly<Record<string, string>> = {
  command: ' stdio server: the program to start (`node` means the Node.js running the gateway)',
  args: " its arguments; relative paths resolve against this file's folder",
  env: " added to its environment; ${VAR} is read from the gateway's environment",
  cwd: " its working directory (default: this file's folder)",
  url: ' remote server: Streamable HTTP, falling back to legacy SSE',
  headers: " sent with every request; ${VAR} is read from the gateway's environment",
  transport: ' auto | streamable-http | sse',
  enabled: ' false keeps the entry without starting it',
};

const TYPE_TO_TRANSPORT: Readonly<Record<string, string>> = {
  http: 'streamable-http',
  'streamable-http': 'streamable-http',
  streamableHttp: 'streamable-http',
  sse: 'sse',
};
const KNOWN = new Set(['command', 'args', 'env', 'cwd', 'url', 'serverUrl', 'httpUrl', 'headers', 'type', 'disabled', 'enabled', 'transport']);
const AUTH_SCHEME = /^(Bearer|Basic|Token|Bot)\s+(.+)$/i;

/** Converts `source` into catalog YAML. */
export function convertHostConfig(source: HostConfig, options: ConvertOptions): Converted {
  const variables = new Map<string, ImportedVariable>();
  const use = (name: string, from: string) => {
    if (!variables.has(name)) variables.set(name, { name, from });
    return `\${${name}}`;
  };
  const inputs = new Map(source.inputs.map((input) => [input.id, input]));
  const text = (value: string) =>
    translateReferences(value, source, (id) =>
      use(envName(id), inputs.get(id)?.description ? `VS Code input "${id}" (${inputs.get(id)?.description})` : `VS Code input "${id}"`),
    );

  const servers: Record<string, Record<string, unknown>> = {};
  const notes = new Map<string, string[]>();
  const taken = new Set<string>();
  let copiedValues = 0;
  let index = 0;
  for (const [name, raw] of Object.entries(source.servers)) {
    index++;
    const id = uniqueId(name, taken, index);
    const entryNotes: string[] = [];
    if (id !== name) entryNotes.push(` "${name}" in ${source.file}; renamed: server ids are a letter, then letters, digits, _ or -`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      entryNotes.push(' skipped: the entry is not an object');
      notes.set(id, entryNotes);
      continue;
    }
    const entry = raw as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const url = entry.url ?? entry.serverUrl ?? entry.httpUrl;
    if (typeof entry.command === 'string') out.command = text(entry.command);
    else if (typeof url === 'string') out.url = text(url);
    if (Array.isArray(entry.args)) out.args = entry.args.map((arg) => text(String(arg)));
    for (const field of ['env', 'headers'] as const) {
      const values = entry[field];
      if (typeof values !== 'object' || values === null) continue;
      const converted: Record<string, string> = {};
      for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
        const plain = text(String(value));
        if (options.secretsAsVars && !/^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$/.test(plain)) {
          const scheme = field === 'headers' ? AUTH_SCHEME.exec(plain) : null;
          const reference = use(secretName(id, key === 'Authorization' && scheme ? 'TOKEN' : key, variables), `servers.${id}.${field}.${key}`);
          converted[key] = scheme ? `${scheme[1]} ${reference}` : reference;
        } else {
          if (!plain.includes('${')) copiedValues++;
          converted[key] = plain;
        }
      }
      if (Object.keys(converted).length > 0) out[field] = converted;
    }
    if (typeof entry.cwd === 'string') out.cwd = text(entry.cwd);
    const transport = typeof entry.type === 'string' && out.url !== undefined ? TYPE_TO_TRANSPORT[entry.type] : undefined;
    if (transport !== undefined) out.transport = transport;
    if (entry.disabled === true || entry.enabled === false) out.enabled = false;
    const dropped = Object.keys(entry).filter((key) => !KNOWN.has(key));
    if (dropped.length > 0) entryNotes.push(` not imported (no catalog equivalent): ${dropped.join(', ')}`);
    if (out.command === undefined && out.url === undefined) entryNotes.push(' has neither command nor url: fix it before use');
    servers[id] = out;
    if (entryNotes.length > 0) notes.set(id, entryNotes);
  }

  const yaml = render(servers, notes, source, options);
  const list = Object.values(servers);
  return {
    yaml,
    variables: [...variables.values()],
    copiedValues,
    count: { servers: list.length, enabled: list.filter((s) => s.enabled !== false).length },
  };
}

function render(servers: Record<string, Record<string, unknown>>, notes: Map<string, string[]>, source: HostConfig, options: ConvertOptions): string {
  const doc = new Document({ servers });
  const header = [
    ...(options.schemaPath !== undefined ? [` yaml-language-server: $schema=${options.schemaPath}`] : []),
    ` mcp-switchboard catalog, imported from ${source.file}.`,
    ' Every server below is served as one MCP server; tool names become <server id>__<tool>.',
    ' Reference: README.md, "The catalog". Check it with: mcp-switchboard check --config <this file>',
  ];
  doc.commentBefore = header.join('\n');
  const explained = new Set<string>();
  const root = doc.get('servers', true);
  if (!isMap(root)) return doc.toString();
  for (const pair of root.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const entryNotes = notes.get(id);
    if (entryNotes && isScalar(pair.key)) pair.key.commentBefore = entryNotes.join('\n');
    if (!isMap(pair.value)) continue;
    for (const field of (pair.value as YAMLMap).items) {
      const key = isScalar(field.key) ? String(field.key.value) : '';
      if (isSeq(field.value) && JSON.stringify(field.value.toJSON()).length < 70) field.value.flow = true;
      if (explained.has(key) || FIELD_COMMENTS[key] === undefined || !isScalar(field.key)) continue;
      explained.add(key);
      (field.key as Scalar).commentBefore = FIELD_COMMENTS[key];
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * Host `${…}` syntax → catalog syntax: `${env:X}` → `${X}`; `${input:id}` → a variable;
 * `${workspaceFolder}` → the workspace path; `${userHome}` → `${HOME}`; `${X}` / `${X:-d}` stay
 * (Claude Code means the same); anything else is escaped to stay literal.
 */
function translateReferences(value: string, source: HostConfig, input: (id: string) => string): string {
  return value.replace(/\$\{([^}]*)\}/g, (whole, body: string) => {
    if (body.startsWith('env:')) return `\${${body.slice(4)}}`;
    if (body.startsWith('input:')) return input(body.slice(6));
    if (body === 'workspaceFolder' && source.workspace !== undefined) return source.workspace;
    if (body === 'userHome') return '${HOME}';
    if (/^[A-Za-z_][A-Za-z0-9_]*(:-[\s\S]*)?$/.test(body)) return whole;
    return `$${whole}`;
  });
}

/** A valid, unique (case-insensitively) server id for `name`. */
function uniqueId(name: string, taken: Set<string>, index: number): string {
  let id = name;
  if (checkServerId(id, '__') !== undefined) {
    id = name
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/_{2,}/g, '_')
      .replace(/^[^A-Za-z]+/, '')
      .replace(/-+$/, '')
      .slice(0, 56);
    if (id === '' || checkServerId(id, '__') !== undefined) id = `server-${index}`;
  }
  let candidate = id;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${id}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** `my-server` + `apiKey` → `MY_SERVER_API_KEY`; a key already named after its server is not repeated. */
function secretName(serverId: string, key: string, taken: Map<string, ImportedVariable>): string {
  const server = envName(serverId);
  const own = envName(key);
  const base = own.startsWith(`${server}_`) ? own : `${server}_${own}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** Upper snake case, safe as an environment variable name. */
function envName(text: string): string {
  const snake = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(snake) ? snake : `_${snake}`;
}
