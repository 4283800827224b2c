import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data folder: QUARRY_DATA_DIR, else the platform's usual place for application data. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.QUARRY_DATA_DIR) return env.QUARRY_DATA_DIR;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Quarry');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Quarry');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'quarry');
  }
}
