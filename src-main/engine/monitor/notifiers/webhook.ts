import { createHmac } from 'node:crypto';
import type { AlertEvent } from '../../../../src-shared/schemas/alerts';
import { notificationType, postOrThrow } from './notification';

export const signatureHeader = 'x-quarry-signature';
export const timestampHeader = 'x-quarry-timestamp';

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>`, so a receiver can reject replays and forgeries. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A JSON POST of the alert event, signed with the channel's shared secret. */
export async function sendWebhook(
  config: { url: string; secret: string },
  event: AlertEvent,
  signal: AbortSignal,
  now = Date.now(),
): Promise<void> {
  const body = JSON.stringify({ type: notificationType(event), event });
  const timestamp = String(Math.floor(now / 1000));
  await postOrThrow(
    config.url,
    {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Quarry-Alerts',
        [timestampHeader]: timestamp,
        [signatureHeader]: signPayload(config.secret, timestamp, body),
      },
      body,
    },
    signal,
  );
}
