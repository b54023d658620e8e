/**
 * mcp-switchboard as a library: load a catalog, build a gateway, serve it over stdio or HTTP.
 *
 * @example
 * const gateway = new Gateway(await loadCatalog('servers.yaml'), { logger: createLogger() });
 * await serveStdio(gateway);
 * await gateway.start();
 */
export { ConfigError, loadCatalog, parseCatalog } from './config/index.js';
export type { Catalog, ServerEntry, Settings } from './config/schema.js';
export type { ConnectionState, ConnectionStatus } from './downstream/types.js';
export { ALL_CLIENT_CAPABILITIES, Gateway } from './gateway.js';
export type { GatewayOptions } from './gateway.js';
export { createLogger, silentLogger } from './log.js';
export type { Logger, LogLevel } from './log.js';
export type { RegistryView, RegistryWarning } from './registry/types.js';
export { startHttpServer } from './upstream/http/server.js';
export type { HttpServeOptions, HttpServing } from './upstream/http/server.js';
export { serveStdio } from './upstream/stdio.js';
export { VERSION } from './version.js';
