/**
 * Which view an HTTP path asks for: `/mcp` is the default view, `/mcp/<profile>` a catalog
 * profile's. Anything else under `/mcp/` is refused with the endpoints there are.
 */
import { escapeControl } from '../../shared/terminal.js';

export type Endpoint = { ok: true; profile: string | undefined } | { ok: false; message: string };

/** The view `path` names, given the catalog's profile names now. */
export function endpointOf(path: string, profiles: readonly string[]): Endpoint {
  if (path === '/mcp') return { ok: true, profile: undefined };
  const known = profiles.length > 0 ? `, and one per profile: ${profiles.map((name) => `/mcp/${name}`).join(', ')}` : '';
  if (!path.startsWith('/mcp/')) return { ok: false, message: `Not Found: the MCP endpoint is /mcp${known}` };
  const name = path.slice('/mcp/'.length);
  if (profiles.includes(name)) return { ok: true, profile: name };
  const listed =
    profiles.length > 0 ? `the catalog's profiles are ${profiles.map((p) => `"${p}"`).join(', ')} (at /mcp/<profile>)` : 'the catalog has no profiles';
  return { ok: false, message: `Not Found: unknown profile "${printable(name)}": ${listed}; /mcp serves every server` };
}

/** A path segment as it may be shown: percent-decoded when that works, control characters escaped, bounded. */
function printable(segment: string): string {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // keep it encoded
  }
  const escaped = escapeControl(text);
  return escaped.length > 64 ? `${escaped.slice(0, 64)}…` : escaped;
}
