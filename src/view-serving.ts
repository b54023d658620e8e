/**
 * How each assembled view is served: in which tool mode (see `resolveToolMode`), and in search
 * mode with the search the gateway's tools answer from. One `ServedView` per view, made when the
 * view is (re)built; nothing here runs per session or per request. Pure.
 */
import type { Catalog, ProfileEntry } from './config/schema.js';
import { resolveToolMode } from './registry/index.js';
import type { RegistryView } from './registry/types.js';
import type { ListChanges, ServedView } from './upstream/ports.js';

/** The default view (key undefined) and each profile's, served. */
export type ServedViews = Map<string | undefined, ServedView>;

export interface ServingInputs {
  settings: Pick<Catalog['settings'], 'tools'>;
  profiles: readonly ProfileEntry[];
  view: RegistryView;
  profileViews: ReadonlyMap<string, RegistryView>;
}

export function serveViews(inputs: ServingInputs): ServedViews {
  const served: ServedViews = new Map();
  served.set(undefined, serveOne(inputs.view, [inputs.settings.tools]));
  for (const profile of inputs.profiles) {
    const view = inputs.profileViews.get(profile.name);
    if (view) served.set(profile.name, serveOne(view, [profile.tools, inputs.settings.tools]));
  }
  return served;
}

function serveOne(view: RegistryView, layers: Parameters<typeof resolveToolMode>[0]): ServedView {
  // Search mode's tools come with the search index (the next step); until then every view lists all its tools.
  const mode = resolveToolMode(layers, view.tools.length);
  return { view, tools: mode.mode === 'search' ? { mode: 'all' } : { mode: 'all' } };
}

/** Which lists of a served view changed for its sessions (a mode switch changes the tool list). */
export function diffServed(before: ServedView, after: ServedView, diff: (a: RegistryView, b: RegistryView) => ListChanges): ListChanges {
  const changes = diff(before.view, after.view);
  const listing = (served: ServedView) => (served.tools.mode === 'search' ? `search\0${served.tools.description}` : 'all');
  return { ...changes, tools: changes.tools || listing(before) !== listing(after) };
}
