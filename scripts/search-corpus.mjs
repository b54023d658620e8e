#!/usr/bin/env node
// Builds bench/search/corpus.json, the tool-search benchmark's corpus (issue 16 item 3): real MCP
// servers from the npm registry, each installed into a temporary directory at the version named
// below, started over stdio with dummy credentials, asked for `initialize` and every page of
// `tools/list` through the SDK client, then stopped. Nothing is called, nothing is contacted but
// the npm registry (for the install). Servers that fail to install or list are reported and left
// out; the corpus records each kept server's package, exact version and server description.
//
//   node scripts/search-corpus.mjs [--only name,name] [--keep-dir]
//
// Re-running it with the same versions rewrites the same file (tools keep the order the servers
// list them in). Bump a version here, re-run, and commit the new corpus with the queries checked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { z } from 'zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'search', 'corpus.json');
const LIST_TIMEOUT_MS = 60_000;
const MAX_PAGES = 50;
// Loose, as the gateway relays: `Client.listTools()` rejects a whole list for one odd schema.
const ToolsPage = z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })), nextCursor: z.string().optional() });

/**
 * id: the server id the corpus uses; pkg@version: what is installed; bin: the package's bin name
 * when it has several; args / env: what a user would pass (dummy secrets, never real ones);
 * description: one line on what the server is for, as a catalog author would write it (used only
 * when the server's own `initialize` gives no `instructions`).
 */
const SERVERS = [
  {
    id: 'filesystem',
    pkg: '@modelcontextprotocol/server-filesystem',
    version: '2026.8.31',
    args: ['{dir}'],
    description: 'Read, write, search and manage files and directories on the local disk',
  },
  {
    id: 'memory',
    pkg: '@modelcontextprotocol/server-memory',
    version: '2026.8.31',
    description: 'A persistent knowledge graph memory of entities, relations and observations',
  },
  {
    id: 'everything',
    pkg: '@modelcontextprotocol/server-everything',
    version: '2026.8.31',
    args: ['stdio'],
    description: 'Test server that exercises every MCP feature',
  },
  {
    id: 'github',
    pkg: '@modelcontextprotocol/server-github',
    version: '2025.4.8',
    env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'dummy' },
    description: 'GitHub: repositories, files, issues, pull requests, branches and code search',
  },
  {
    id: 'gitlab',
    pkg: '@modelcontextprotocol/server-gitlab',
    version: '2025.4.25',
    env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'dummy' },
    description: 'GitLab: projects, files, issues, merge requests and branches',
  },
  {
    id: 'slack',
    pkg: '@modelcontextprotocol/server-slack',
    version: '2025.4.25',
    env: { SLACK_BOT_TOKEN: 'xoxb-dummy', SLACK_TEAM_ID: 'T00000000' },
    description: 'Slack workspace: channels, messages, threads, reactions and users',
  },
  {
    id: 'puppeteer',
    pkg: '@modelcontextprotocol/server-puppeteer',
    version: '2025.5.12',
    description: 'Browser automation with Puppeteer: navigate, click, fill forms, screenshots',
  },
  {
    id: 'postgres',
    pkg: '@modelcontextprotocol/server-postgres',
    version: '0.6.2',
    args: ['postgresql://localhost:1/dummy'],
    description: 'Read-only SQL queries against a PostgreSQL database',
  },
  {
    id: 'google-maps',
    pkg: '@modelcontextprotocol/server-google-maps',
    version: '0.6.2',
    env: { GOOGLE_MAPS_API_KEY: 'dummy' },
    description: 'Google Maps: geocoding, places, directions, distances and elevation',
  },
  {
    id: 'brave-search-legacy',
    pkg: '@modelcontextprotocol/server-brave-search',
    version: '0.6.2',
    env: { BRAVE_API_KEY: 'dummy' },
    description: 'Brave web and local search',
  },
  {
    id: 'sequential-thinking',
    pkg: '@modelcontextprotocol/server-sequential-thinking',
    version: '2026.8.31',
    description: 'Step-by-step reflective problem solving',
  },
  {
    id: 'notion',
    pkg: '@notionhq/notion-mcp-server',
    version: '2.5.2',
    env: { NOTION_TOKEN: 'ntn_dummy' },
    description: 'Notion workspace: pages, databases, blocks, comments and users',
  },
  {
    id: 'playwright',
    pkg: '@playwright/mcp',
    version: '0.0.83',
    bin: 'playwright-mcp',
    description: 'Browser automation with Playwright: navigate, click, type, snapshots, screenshots, tabs',
  },
  {
    id: 'firecrawl',
    pkg: 'firecrawl-mcp',
    version: '3.26.0',
    env: { FIRECRAWL_API_KEY: 'fc-dummy' },
    description: 'Firecrawl web scraping, crawling, search and extraction',
  },
  // Left out: @supabase/mcp-server-supabase (fetches its API before listing) and @stripe/mcp (lists
  // its tools from its remote server): neither lists without the network.
  // { id: 'supabase', pkg: '@supabase/mcp-server-supabase', version: '0.13.0', args: ['--access-token', 'sbp_dummy'], description: 'Supabase projects: databases, migrations, edge functions, branches, logs' },
  { id: 'context7', pkg: '@upstash/context7-mcp', version: '4.1.1', description: 'Up-to-date library and framework documentation' },
  {
    id: 'kubernetes',
    pkg: 'mcp-server-kubernetes',
    version: '4.1.7',
    description: 'Kubernetes clusters via kubectl and helm: pods, deployments, services, logs',
  },
  {
    id: 'sentry',
    pkg: '@sentry/mcp-server',
    version: '0.39.0',
    args: ['--access-token', 'dummy'],
    description: 'Sentry: errors, issues, events, projects, releases and traces',
  },
  {
    id: 'tavily',
    pkg: 'tavily-mcp',
    version: '0.2.22',
    env: { TAVILY_API_KEY: 'tvly-dummy' },
    description: 'Tavily web search, extraction, crawling and site maps',
  },
  {
    id: 'brave-search',
    pkg: '@brave/brave-search-mcp-server',
    version: '2.1.4',
    env: { BRAVE_API_KEY: 'dummy' },
    description: 'Brave Search: web, news, images, videos, local places and AI summaries',
  },
  { id: 'exa', pkg: 'exa-mcp-server', version: '3.4.1', env: { EXA_API_KEY: 'dummy' }, description: 'Exa web search, content fetching and research' },
  {
    id: 'desktop-commander',
    pkg: '@wonderwhy-er/desktop-commander',
    version: '0.2.52',
    description: 'Terminal commands, processes and file editing on the local machine',
  },
  {
    id: 'hubspot',
    pkg: '@hubspot/mcp-server',
    version: '0.4.0',
    env: { PRIVATE_APP_ACCESS_TOKEN: 'dummy' },
    description: 'HubSpot CRM: contacts, companies, deals and objects',
  },
  // { id: 'stripe', pkg: '@stripe/mcp', version: '0.3.3', args: ['--tools=all', '--api-key=sk_test_dummy'], description: 'Stripe payments: customers, products, prices, invoices, refunds, subscriptions' },
  // Left out: @heroku/mcp-server 1.2.8 (its published build imports an SDK path that no longer
  // exists), @modelcontextprotocol/server-redis and @benborla29/mcp-server-mysql (they connect to
  // their database before listing).
  // { id: 'heroku', pkg: '@heroku/mcp-server', version: '1.2.8', env: { HEROKU_API_KEY: 'dummy' }, description: 'Heroku apps, dynos, add-ons, pipelines and Postgres' },
  {
    id: 'elasticsearch',
    pkg: '@elastic/mcp-server-elasticsearch',
    version: '0.3.1',
    env: { ES_URL: 'http://127.0.0.1:1', ES_API_KEY: 'dummy' },
    description: 'Elasticsearch indices, mappings and queries',
  },
  {
    id: 'monday',
    pkg: '@mondaydotcomorg/monday-api-mcp',
    version: '3.3.0',
    args: ['-t', 'dummy'],
    description: 'monday.com boards, items, columns, updates and users',
  },
  {
    id: 'executeautomation-playwright',
    pkg: '@executeautomation/playwright-mcp-server',
    version: '1.0.12',
    description: 'Browser automation and API testing with Playwright',
  },
  {
    id: 'browserbase',
    pkg: '@browserbasehq/mcp-server-browserbase',
    version: '2.4.3',
    env: { BROWSERBASE_API_KEY: 'dummy', BROWSERBASE_PROJECT_ID: 'dummy', GEMINI_API_KEY: 'dummy' },
    description: 'Cloud browser sessions with Browserbase and Stagehand',
  },
  // { id: 'redis', pkg: '@modelcontextprotocol/server-redis', version: '2025.4.25', args: ['redis://127.0.0.1:1'], description: 'Redis key-value store' },
  { id: 'everart', pkg: '@modelcontextprotocol/server-everart', version: '0.6.2', env: { EVERART_API_KEY: 'dummy' }, description: 'EverArt image generation' },
  {
    id: 'aws-kb',
    pkg: '@modelcontextprotocol/server-aws-kb-retrieval',
    version: '0.6.2',
    env: { AWS_ACCESS_KEY_ID: 'dummy', AWS_SECRET_ACCESS_KEY: 'dummy', AWS_REGION: 'us-east-1' },
    description: 'AWS Bedrock knowledge base retrieval',
  },
  { id: 'pdf', pkg: '@modelcontextprotocol/server-pdf', version: '2.0.4', args: ['--stdio'], description: 'Load PDF files and extract their text' },
  // { id: 'mysql', pkg: '@benborla29/mcp-server-mysql', version: '2.0.9', env: { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: '1', MYSQL_USER: 'dummy', MYSQL_PASS: 'dummy', MYSQL_DB: 'dummy' }, description: 'MySQL database queries' },
];

function parseArgs(argv) {
  const options = { only: undefined, keepDir: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') options.only = new Set(String(argv[++i] ?? '').split(','));
    else if (argv[i] === '--keep-dir') options.keepDir = true;
    else throw new Error(`unknown flag ${argv[i]} (expected --only a,b or --keep-dir)`);
  }
  return options;
}

function install(dir, spec) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'corpus-install', private: true }));
  const run = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `${spec.pkg}@${spec.version}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`npm install failed: ${(run.stderr || run.error?.message || '').slice(0, 500)}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', spec.pkg, 'package.json'), 'utf8'));
  const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  const binPath = spec.bin !== undefined ? bins[spec.bin] : Object.values(bins)[0];
  if (binPath === undefined) throw new Error(`no bin in ${spec.pkg}`);
  return { version: manifest.version, entry: join(dir, 'node_modules', spec.pkg, binPath) };
}

async function listTools(spec, entry, home) {
  const args = (spec.args ?? []).map((arg) => arg.replace('{dir}', home));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, ...args],
    env: { PATH: process.env.PATH ?? '', HOME: home, NODE_ENV: 'production', ...spec.env },
    cwd: home,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => {
    if (stderr.length < 4000) stderr += String(chunk);
  });
  const client = new Client({ name: 'switchboard-search-corpus', version: '1.0.0' }, { capabilities: {} });
  const timeout = { timeout: LIST_TIMEOUT_MS };
  try {
    await client.connect(transport, timeout);
    const tools = [];
    let cursor;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } }, ToolsPage, timeout);
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (cursor === undefined) break;
    }
    return { tools, instructions: client.getInstructions?.(), serverInfo: client.getServerVersion?.() };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; stderr: ${stderr.slice(0, 600)}`);
  } finally {
    await client.close().catch(() => {});
  }
}

function keepTool(tool) {
  const kept = { name: tool.name };
  if (typeof tool.title === 'string') kept.title = tool.title;
  if (typeof tool.annotations?.title === 'string' && kept.title === undefined) kept.title = tool.annotations.title;
  if (typeof tool.description === 'string') kept.description = tool.description;
  kept.inputSchema = tool.inputSchema ?? { type: 'object' };
  return kept;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const base = mkdtempSync(join(tmpdir(), 'switchboard-search-corpus-'));
  const servers = [];
  const failures = [];
  try {
    for (const spec of SERVERS) {
      if (options.only !== undefined && !options.only.has(spec.id)) continue;
      const dir = join(base, spec.id);
      try {
        const { version, entry } = install(dir, spec);
        const home = join(dir, 'home');
        mkdirSync(home, { recursive: true });
        const listed = await listTools(spec, entry, home);
        if (listed.tools.length === 0) throw new Error('listed no tools');
        const instructions = typeof listed.instructions === 'string' ? listed.instructions.slice(0, 2000) : undefined;
        servers.push({
          id: spec.id,
          package: spec.pkg,
          version,
          description: spec.description,
          ...(instructions ? { instructions } : {}),
          tools: listed.tools.map(keepTool),
        });
        process.stderr.write(`ok   ${spec.id} ${spec.pkg}@${version}: ${listed.tools.length} tools\n`);
      } catch (error) {
        failures.push({ id: spec.id, pkg: spec.pkg, error: String(error instanceof Error ? error.message : error) });
        process.stderr.write(`FAIL ${spec.id} ${spec.pkg}@${spec.version}: ${String(error instanceof Error ? error.message : error).slice(0, 300)}\n`);
      }
    }
  } finally {
    if (!options.keepDir) rmSync(base, { recursive: true, force: true });
    else process.stderr.write(`kept ${base}\n`);
  }
  let previous = [];
  if (options.only !== undefined) {
    try {
      previous = JSON.parse(readFileSync(OUT, 'utf8')).servers.filter((server) => !options.only.has(server.id));
    } catch {
      previous = [];
    }
  }
  const all = [...previous, ...servers].sort((a, b) => SERVERS.findIndex((s) => s.id === a.id) - SERVERS.findIndex((s) => s.id === b.id));
  const corpus = {
    about: 'Tool lists of real MCP servers from the npm registry, taken by scripts/search-corpus.mjs (tools/list over stdio with dummy credentials).',
    servers: all,
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(corpus, null, 1)}\n`);
  const tools = all.reduce((sum, server) => sum + server.tools.length, 0);
  process.stderr.write(`wrote ${OUT}: ${all.length} servers, ${tools} tools; ${failures.length} failed\n`);
}

await main();
