import { afterEach, describe, expect, it } from 'vitest';
import { sendSlack } from '../../../../../src-main/engine/monitor/notifiers/slack';
import { startHttpReceiver, type HttpReceiver } from '../../../../fakes/http-receiver';
import { sampleEvent } from '../../../../helpers/alert-event';

describe('Slack channel', () => {
  let receiver: HttpReceiver | undefined;
  afterEach(async () => receiver?.close());

  it('posts an incoming-webhook payload with a text fallback and blocks', async () => {
    receiver = await startHttpReceiver(() => ({ body: 'ok' }));
    await sendSlack({ url: `${receiver.url}/services/T000/B000/XXXX` }, sampleEvent, AbortSignal.timeout(5000));
    const payload = JSON.parse(receiver.received[0]!.body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(receiver.received[0]!.path).toBe('/services/T000/B000/XXXX');
    expect(payload.text).toBe(':rotating_light: critical: Slow answers is firing');
    expect(payload.blocks[1]!.text!.text).toContain('threshold > 2 for 5m');
  });

  it('reports Slack’s refusal (e.g. a revoked hook)', async () => {
    receiver = await startHttpReceiver(() => ({ status: 404, body: 'no_service' }));
    await expect(sendSlack({ url: receiver.url }, { ...sampleEvent, kind: 'resolved' }, AbortSignal.timeout(5000))).rejects.toThrow(
      /no_service/,
    );
  });
});
