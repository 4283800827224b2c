import type { AlertEvent } from '../../../../src-shared/schemas/alerts';

/** The event type a notification announces, as on the WebSocket. */
export function notificationType(event: Pick<AlertEvent, 'kind'>): 'alert_triggered' | 'alert_resolved' | 'alert_test' {
  if (event.kind === 'firing') return 'alert_triggered';
  if (event.kind === 'resolved') return 'alert_resolved';
  return 'alert_test';
}

/** Sends over HTTP and treats anything but a 2xx as a failure worth retrying. */
export async function postOrThrow(url: string, init: RequestInit, signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { ...init, method: 'POST', signal, redirect: 'error' });
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).host}: ${text.slice(0, 200)}`);
}
