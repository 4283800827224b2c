import type { AlertEvent, ChannelConfig } from '../../../../src-shared/schemas/alerts';
import { sendEmail } from './email';
import { sendSlack } from './slack';
import { sendSms } from './sms';
import { sendWebhook } from './webhook';

/** Delivers one event through one configured channel; throws when the receiver did not accept it. */
export async function sendThroughChannel(config: ChannelConfig, event: AlertEvent, signal: AbortSignal): Promise<void> {
  switch (config.kind) {
    case 'in-app':
      // The alert event itself reaches the app (toast and badge) through the engine's event bus.
      return;
    case 'webhook':
      return sendWebhook(config, event, signal);
    case 'slack':
      return sendSlack(config, event, signal);
    case 'email':
      return sendEmail(config, event, signal);
    case 'sms':
      return sendSms(config, event, signal);
    default: {
      const unknown: never = config;
      throw new Error(`Unknown channel ${JSON.stringify(unknown)}`);
    }
  }
}
