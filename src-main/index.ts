import { join } from 'node:path';
import { app, ipcMain, safeStorage } from 'electron';
import { createEngine } from './engine';
import { createFileLogger } from './engine/logger';
import { createHandlers } from './engine/handlers';
import { createMainWindow, hardenSession, rendererLocation } from './app/window';
import { installAppMenu } from './app/menu';
import { runSingleInstance } from './app/lifecycle';
import { isTrustedRendererUrl } from './app/security';
import { createSecretStore } from './app/secret-store';
import { keychainEnvironment, withKeychainSettings } from './app/keychain-settings';
import { bindContract } from './ipc/bind-contract';
import { forwardEvents } from './ipc/forward-events';

// Composition root of the desktop app: engine on the user's data folder → window → IPC.
runSingleInstance(() => {
  const dataDir = app.getPath('userData');
  const secrets = createSecretStore(join(dataDir, 'secrets.json'), safeStorage);
  const keys = keychainEnvironment(secrets);
  const logger = createFileLogger(dataDir);
  const engine = createEngine({ dataDir, logger, promptsDir: join(app.getAppPath(), 'prompts'), environment: keys.environment });
  const location = rendererLocation();
  hardenSession(location);
  installAppMenu({ dataDir, isMac: process.platform === 'darwin' });
  const window = createMainWindow(location);
  const unbind = bindContract({
    ipcMain,
    handlers: withKeychainSettings(createHandlers(engine), secrets, keys.setKey),
    isTrustedSender: (url) => isTrustedRendererUrl(url, location),
    onUnexpectedError: (channel, error) => logger.error({ err: error, channel }, 'IPC call failed'),
  });
  const stopForwarding = forwardEvents(engine.events, window.webContents);
  return {
    window,
    async close() {
      stopForwarding();
      unbind();
      await engine.close();
    },
  };
});
