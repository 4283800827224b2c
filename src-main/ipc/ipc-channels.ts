import type { Channel, EventType } from '../../src-shared/contract';

/** IPC channel names, shared by the main side and the preload so the two can never disagree. */
export const invokeChannel = (channel: Channel): string => `quarry:invoke:${channel}`;
export const eventChannel = (type: EventType): string => `quarry:event:${type}`;
