import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWebhook, signatureHeader, timestampHeader } from '../../../../../src-main/engine/monitor/notifiers/webhook';
import { startHttpReceiver, type HttpReceiver } from '../../../../fakes/http-receiver';
import { sampleEvent } from '../../../../helpers/alert-event';

describe('webhook channel', () => {
  let receiver: HttpReceiver | undefined;
  afterEach(async () => receiver?.close());

  it('POSTs the event as JSON with an HMAC-SHA256 signature the receiver can verify', async () => {
    receiver = await startHttpReceiver();
    await sendWebhook({ url: `${receiver.url}/hooks/quarry`, secret: 'a-shared-secret' }, sampleEvent, AbortSignal.timeout(5000));
    const request = receiver.received[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/quarry');
    expect(request.headers['content-type']).toBe('application/json');
    const timestamp = String(request.headers[timestampHeader]);
    const expected = `sha256=${createHmac('sha256', 'a-shared-secret').update(`${timestamp}.${request.body}`).digest('hex')}`;
    expect(request.headers[signatureHeader]).toBe(expected);
    expect(JSON.parse(request.body)).toEqual({ type: 'alert_triggered', event: sampleEvent });
  });

  it('fails on a non-2xx answer so the delivery is retried', async () => {
    receiver = await startHttpReceiver(() => ({ status: 503, body: 'busy' }));
    await expect(sendWebhook({ url: receiver.url, secret: 'a-shared-secret' }, sampleEvent, AbortSignal.timeout(5000))).rejects.toThrow(
      /HTTP 503/,
    );
  });

  it('gives up when the receiver hangs past the timeout', async () => {
    receiver = await startHttpReceiver(() => ({ delayMs: 2000 }));
    await expect(sendWebhook({ url: receiver.url, secret: 'a-shared-secret' }, sampleEvent, AbortSignal.timeout(200))).rejects.toThrow();
  });
});
