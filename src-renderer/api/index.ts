import type { QuarryBridge } from '../../src-shared/bridge';
import type { QuarryClient } from './client';
import { createBrowserClient } from './browser-client';
import { createDesktopClient } from './desktop-client';

export { ClientError, type AnswerEvent, type QuarryClient } from './client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser tab. */
    readonly quarry?: QuarryBridge;
  }
}

/** The preload bridge when running in Electron, else the HTTP server this page came from. */
export function createClient(): QuarryClient {
  return window.quarry ? createDesktopClient(window.quarry) : createBrowserClient({ baseUrl: window.location.origin });
}
