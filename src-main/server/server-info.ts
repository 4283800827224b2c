import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What `quarry serve` leaves in the data folder so local tools can find it: readable by the user only. */
export const ServerInfo = z.object({ url: z.string(), port: z.number().int(), token: z.string() });
export type ServerInfo = z.infer<typeof ServerInfo>;

export function serverInfoPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

/** Writes server.json with mode 0600 (also when it already existed with a looser mode). */
export async function writeServerInfo(dataDir: string, info: ServerInfo): Promise<string> {
  const path = serverInfoPath(dataDir);
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

export async function readServerInfo(dataDir: string): Promise<ServerInfo | null> {
  try {
    return ServerInfo.parse(JSON.parse(await readFile(serverInfoPath(dataDir), 'utf8')));
  } catch {
    return null;
  }
}

/** Removes server.json on shutdown, unless a newer server has written its own since. */
export async function removeServerInfo(dataDir: string, token: string): Promise<void> {
  const current = await readServerInfo(dataDir);
  if (current?.token === token) await rm(serverInfoPath(dataDir), { force: true });
}
