import type { AlertEvent } from '../../../../src-shared/schemas/alerts';
import { postOrThrow } from './notification';

const severityEmoji = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

/** The Slack incoming-webhook payload: a fallback `text` plus blocks for the title and body. */
export function slackPayload(event: AlertEvent) {
  const mark = event.kind === 'resolved' ? ':white_check_mark:' : severityEmoji[event.severity];
  return {
    text: `${mark} ${event.title}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${mark} *${event.title}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: '```' + event.body + '```' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Quarry · ${event.ruleName} · ${new Date(event.at).toISOString()}` }] },
    ],
  };
}

export async function sendSlack(config: { url: string }, event: AlertEvent, signal: AbortSignal): Promise<void> {
  await postOrThrow(config.url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackPayload(event)) }, signal);
}
