// Writes docs/commands.md from the built CLI's own help (`npm run docs`); `--check` only compares,
// and exits 1 when the file is out of date (a test runs that, so the reference cannot drift).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const target = fileURLToPath(new URL('../docs/commands.md', import.meta.url));
const help = (...args) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, MCP_SWITCHBOARD_LOG: '' } });

const overview = help('--help');
const names = [...overview.matchAll(/^ {2}mcp-switchboard ([a-z][a-z-]*) /gm)].map((match) => match[1]).filter((name) => name !== 'help');
const sections = names.map((name) => `## ${name}\n\n\`\`\`text\n${help('help', name).trimEnd()}\n\`\`\`\n`);
const text = `# Command reference

Every command and every flag, as \`mcp-switchboard help <command>\` prints them (this file is written
from that output by \`npm run docs\`, and a test fails when it is out of date). Exit codes: 0 when all
is well, 1 when the command ran and found a problem, 2 for a usage error or an invalid catalog.

${names.map((name) => `- [${name}](#${name})`).join('\n')}

\`\`\`text
${overview.trimEnd()}
\`\`\`

${sections.join('\n')}`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // Missing counts as out of date.
  }
  if (current !== text) {
    process.stderr.write('docs/commands.md is out of date with the CLI help: run `npm run docs`\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stderr.write('wrote docs/commands.md\n');
}
