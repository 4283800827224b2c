import type { AlertEvent } from '../../../../src-shared/schemas/alerts';
import { postOrThrow } from './notification';

/** One SMS segment holds 160 GSM characters; alerts are cut to that so a gateway never splits them. */
export function smsText(event: AlertEvent): string {
  const text = `${event.title}${event.body ? ` — ${event.body.split('\n')[0]}` : ''}`;
  return text.length <= 160 ? text : `${text.slice(0, 157)}...`;
}

/**
 * Posts `{ from, to, text }` as JSON to an HTTP SMS gateway, once per recipient, with a bearer
 * token when one is set (the shape most self-hosted gateways and relays accept).
 */
export async function sendSms(
  config: { url: string; token?: string | undefined; from: string; to: readonly string[] },
  event: AlertEvent,
  signal: AbortSignal,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  for (const to of config.to) {
    await postOrThrow(config.url, { headers, body: JSON.stringify({ from: config.from, to, text: smsText(event) }) }, signal);
  }
}
