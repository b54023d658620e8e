/**
 * Logins on disk: one JSON file per (server id, server URL) in `<stateDir>/oauth/`, the folder
 * 0700 and every file 0600 (written to a temporary file, then renamed), like ssh refusing a file
 * others can read. A record names the URL it was made for and is never used for another: change a
 * server's `url` and it needs a new login.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { registerSecrets } from '../redact.js';

const TokensSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  /** When the access token expires, ms since the epoch; absent when the server did not say. */
  expires_at: z.number().optional(),
  /** When it was obtained, ms since the epoch. */
  obtained_at: z.number(),
});

const ClientSchema = z.object({
  client_id: z.string().min(1),
  /** Only for a dynamically registered client; a configured secret stays in the catalog. */
  client_secret: z.string().optional(),
  client_secret_expires_at: z.number().optional(),
  redirect_uris: z.array(z.string()).optional(),
  token_endpoint_auth_method: z.string().optional(),
  /** `registered`: by this gateway (RFC 7591); `configured`: `oauth.clientId` of the catalog. */
  source: z.enum(['registered', 'configured']),
});

export const LoginRecordSchema = z.object({
  version: z.literal(1),
  serverId: z.string(),
  serverUrl: z.string(),
  resource: z.string(),
  issuer: z.string(),
  /** The authorization server's metadata as validated at login. */
  metadata: z.looseObject({ issuer: z.string(), authorization_endpoint: z.string(), token_endpoint: z.string() }),
  client: ClientSchema,
  tokens: TokensSchema.optional(),
  /** Set when a refresh was refused: the record stays, for its client registration. */
  needsLogin: z.object({ reason: z.string(), at: z.string() }).optional(),
});

export type LoginRecord = z.infer<typeof LoginRecordSchema>;
export type StoredTokens = z.infer<typeof TokensSchema>;

/** What reading a record found. */
export type ReadResult = { record: LoginRecord; mtimeMs: number } | { problem: string } | undefined;

export class LoginStore {
  /** `<stateDir>/oauth`. */
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'oauth');
  }

  /** The file of one server's login: its id plus a hash of its URL. */
  fileFor(serverId: string, serverUrl: string): string {
    const hash = createHash('sha256').update(serverUrl).digest('hex').slice(0, 16);
    return join(this.dir, `${serverId}-${hash}.json`);
  }

  /**
   * The record for this server, undefined when there is none, or a `problem` (unreadable, too
   * open, made for another URL). Its secrets are registered for redaction.
   */
  async read(serverId: string, serverUrl: string): Promise<ReadResult> {
    const file = this.fileFor(serverId, serverUrl);
    let text: string;
    let mtimeMs: number;
    try {
      const info = await stat(file);
      if ((info.mode & 0o077) !== 0) {
        return { problem: `${file} is readable by others (mode ${(info.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\` or log in again` };
      }
      mtimeMs = info.mtimeMs;
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      return { problem: `cannot read ${file}: ${(error as Error).message}` };
    }
    let parsed: LoginRecord;
    try {
      parsed = LoginRecordSchema.parse(JSON.parse(text));
    } catch {
      return { problem: `${file} is not a login record of this version` };
    }
    if (parsed.serverUrl !== serverUrl || parsed.serverId !== serverId) {
      return { problem: `${file} was made for another server; refused` };
    }
    registerSecrets(secretsOf(parsed));
    return { record: parsed, mtimeMs };
  }

  /** Writes atomically with mode 0600 in a 0700 folder (created, or tightened when it exists). */
  async write(record: LoginRecord): Promise<void> {
    registerSecrets(secretsOf(record));
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const file = this.fileFor(record.serverId, record.serverUrl);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Forgets a login; resolves to whether there was one. */
  async remove(serverId: string, serverUrl: string): Promise<boolean> {
    const file = this.fileFor(serverId, serverUrl);
    try {
      await stat(file);
    } catch {
      return false;
    }
    await rm(file, { force: true });
    return true;
  }

  /** The file's mtime, or undefined when it is gone. */
  async mtime(serverId: string, serverUrl: string): Promise<number | undefined> {
    try {
      return (await stat(this.fileFor(serverId, serverUrl))).mtimeMs;
    } catch {
      return undefined;
    }
  }
}

/** Every secret a record holds (tokens, a registered client's secret). */
function secretsOf(record: LoginRecord): string[] {
  const out: string[] = [];
  if (record.tokens) out.push(record.tokens.access_token, ...(record.tokens.refresh_token ? [record.tokens.refresh_token] : []));
  if (record.client.client_secret) out.push(record.client.client_secret);
  return out;
}
