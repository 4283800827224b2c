import { app, ipcMain } from 'electron';
import { createEngine } from './engine';
import { createHandlers } from './engine/handlers';
import { createMainWindow, hardenSession, rendererLocation } from './app/window';
import { installAppMenu } from './app/menu';
import { runSingleInstance } from './app/lifecycle';
import { isTrustedRendererUrl } from './app/security';
import { bindContract } from './ipc/bind-contract';
import { forwardEvents } from './ipc/forward-events';

// Composition root of the desktop app: engine on the user's data folder → window → IPC.
runSingleInstance(() => {
  const dataDir = app.getPath('userData');
  const engine = createEngine({ dataDir });
  const location = rendererLocation();
  hardenSession(location);
  installAppMenu({ dataDir, isMac: process.platform === 'darwin' });
  const window = createMainWindow(location);
  const unbind = bindContract({
    ipcMain,
    handlers: createHandlers(engine),
    isTrustedSender: (url) => isTrustedRendererUrl(url, location),
    onUnexpectedError: (channel, error) => engine.logger.error({ err: error, channel }, 'IPC call failed'),
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
