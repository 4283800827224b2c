import type { Channel, PublicEventType } from '../../src-shared/contract';

/** IPC channel names, shared by the main side and the preload so the two can never disagree. */
export const invokeChannel = (channel: Channel): string => `quarry:invoke:${channel}`;
/** Only public events have an IPC channel: an internal one has no name to be sent under. */
export const eventChannel = (type: PublicEventType): string => `quarry:event:${type}`;
