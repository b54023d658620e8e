/**
 * The view one host is offered: the merged view without the tools whose server lists them only
 * to clients with a feature this host lacks (see `RegistryView.toolNeeds`). Routing stays the
 * merged view's, so a call by name still reaches its server (which then asks for what the host
 * cannot answer, and gets the capability error). Pure; one derived view per distinct feature set
 * is kept per merged view, so paging through it sees the same object every time.
 */
import type { ClientCapabilities } from '@modelcontextprotocol/server';
import { CLIENT_FEATURES, featuresOf, hasAll } from '../shared/client-features.js';
import type { RegistryView } from './types.js';

const derived = new WeakMap<RegistryView, Map<string, RegistryView>>();

/** `view` as a host with `capabilities` is offered it (the same object when no tool needs a feature it lacks). */
export function viewForHost(view: RegistryView, capabilities: ClientCapabilities | undefined): RegistryView {
  if (view.toolNeeds.size === 0) return view;
  const features = featuresOf(capabilities);
  const key = CLIENT_FEATURES.filter((feature) => features.has(feature)).join(',');
  let byKey = derived.get(view);
  if (!byKey) derived.set(view, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return known;
  const tools = view.tools.filter((tool) => hasAll(features, view.toolNeeds.get(tool.name) ?? []));
  const host = tools.length === view.tools.length ? view : { ...view, tools };
  byKey.set(key, host);
  return host;
}
