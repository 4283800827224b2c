import { app, BrowserWindow } from 'electron';

export interface DesktopSession {
  readonly window: BrowserWindow;
  /** Releases what the session holds (IPC handlers, event forwarding, the engine). */
  close(): Promise<void>;
}

/**
 * Runs the app as a single instance: a second launch focuses the first window. `start` builds the
 * session once Electron is ready; it is closed before the app quits so the library file is flushed.
 */
export function runSingleInstance(start: () => DesktopSession): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let current: DesktopSession | undefined;
  let closing = false;

  app.on('second-instance', () => {
    const window = current?.window;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && current) {
      void current.close().then(() => {
        current = start();
      });
    }
  });

  app.on('before-quit', (event) => {
    if (!current || closing) return;
    event.preventDefault();
    closing = true;
    void current.close().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    current = start();
  });
}
