import { streams } from '../../src-shared/contract';
import type { QuarryBridge } from '../../src-shared/bridge';
import { startStream } from '../../src-shared/event-streams';
import type { QuarryClient } from './client';
import { unwrapEnvelope } from './envelope';

/** The client inside Electron: contract calls and events over the preload bridge, files by path. */
export function createDesktopClient(bridge: QuarryBridge): QuarryClient {
  const client: QuarryClient = {
    mode: 'desktop',
    async call(channel, input) {
      return unwrapEnvelope(await bridge.invoke(channel, input));
    },
    on: (type, listener) => bridge.on(type, listener),
    async stream(name, input, listeners) {
      // The contract's demultiplexer over the bridge's events: it subscribes before the call is made.
      const { started, events } = startStream(bridge, streams[name], () => client.call(name, input));
      const value = await started;
      void (async () => {
        try {
          for await (const event of events) listeners.onEvent(event as Parameters<typeof listeners.onEvent>[0]);
        } finally {
          events.close();
        }
      })();
      return value;
    },
    async addFiles(files, collection) {
      const paths = files.map((file) => bridge.pathForFile(file)).filter((path) => path !== '');
      return client.call('library.ingest', { paths, collection });
    },
  };
  return client;
}
