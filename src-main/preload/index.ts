import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { channels, publicEventTypes, type Channel, type PublicEventType } from '../../src-shared/contract';
import type { QuarryBridge } from '../../src-shared/bridge';
import { eventChannel, invokeChannel } from '../ipc/ipc-channels';

const knownChannels = new Set<string>(channels);
const knownEvents = new Set<string>(publicEventTypes);

// Only contract channels and public events pass: the page never gets ipcRenderer itself.
const bridge: QuarryBridge = {
  invoke(channel, input) {
    if (!knownChannels.has(channel)) return Promise.reject(new Error(`Unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(invokeChannel(channel as Channel), input);
  },
  on(type, listener) {
    if (!knownEvents.has(type)) throw new Error(`Unknown event ${String(type)}`);
    const name = eventChannel(type as PublicEventType);
    const wrapped = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(name, wrapped);
    return () => {
      ipcRenderer.removeListener(name, wrapped);
    };
  },
  pathForFile(file) {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('quarry', bridge);
