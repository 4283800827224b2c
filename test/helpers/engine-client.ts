import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../src-main/engine/index';
import { createHandlers } from '../../src-main/engine/handlers';
import { invokeChannelHandler } from '../../src-main/ipc/bind-contract';
import type { QuarryBridge } from '../../src-shared/bridge';
import { createDesktopClient } from '../../src-renderer/api/desktop-client';
import type { QuarryClient } from '../../src-renderer/api/index';
import { tempDir } from './temp';

export interface EngineClient {
  readonly engine: Engine;
  readonly client: QuarryClient;
  /** A folder for the test's documents; `fileFor(name)` resolves dropped files there. */
  readonly filesDir: string;
  close(): Promise<void>;
}

/**
 * The renderer's desktop client wired to a real engine on a temporary library, through the same
 * call path the IPC binder uses (schema parse → handler → envelope), without Electron in between.
 */
export function createEngineClient(options: Omit<EngineOptions, 'dataDir'> = {}): EngineClient {
  const root = tempDir('quarry-ui-');
  const filesDir = join(root, 'files');
  const engine = createEngine({ ...options, dataDir: join(root, 'data') });
  const handlers = createHandlers(engine);
  const bridge: QuarryBridge = {
    invoke: (channel, input) => invokeChannelHandler(handlers, channel, structuredClone(input)),
    on: (type, listener) => engine.events.on(type, (payload) => listener(structuredClone(payload))),
    // A dropped File knows only its name here; the desktop app asks Electron for its path instead.
    pathForFile: (file) => join(filesDir, file.name),
  };
  return {
    engine,
    client: createDesktopClient(bridge),
    filesDir,
    async close() {
      await engine.close();
    },
  };
}

/** Resolves once `check` passes, polling; fails with the last assertion error after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
