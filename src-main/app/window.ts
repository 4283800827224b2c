import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { contentSecurityPolicy, isSafeExternalUrl, type RendererLocation } from './security';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The dev server when electron-vite runs one, else the built page beside this bundle. */
export function rendererLocation(env: NodeJS.ProcessEnv = process.env): RendererLocation {
  const devUrl = env.ELECTRON_RENDERER_URL;
  return devUrl ? { kind: 'url', url: devUrl } : { kind: 'file', path: join(here, '../renderer/index.html') };
}

/**
 * Denies every permission (camera, notifications, …) and sends the CSP header on every response. The
 * built page carries the same policy in a meta tag; the dev server is left alone because React's
 * refresh preamble is an inline script.
 */
export function hardenSession(location: RendererLocation): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (location.kind === 'url') return;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

/** No navigation away from the app, no new windows, no webviews; checked links open in the browser. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Opens the main window with the renderer sandboxed and isolated from Node. */
export function createMainWindow(location: RendererLocation): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Quarry',
    backgroundColor: '#f7f7f5',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: true,
    },
  });
  hardenContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  if (location.kind === 'url') void window.loadURL(location.url);
  else void window.loadFile(location.path);
  return window;
}
