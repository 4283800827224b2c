import { afterEach, describe, expect, it } from 'vitest';
import { sendSms, smsText } from '../../../../../src-main/engine/monitor/notifiers/sms';
import { startHttpReceiver, type HttpReceiver } from '../../../../fakes/http-receiver';
import { sampleEvent } from '../../../../helpers/alert-event';

describe('SMS channel', () => {
  let receiver: HttpReceiver | undefined;
  afterEach(async () => receiver?.close());

  it('sends one authorized JSON message per recipient to the gateway', async () => {
    receiver = await startHttpReceiver();
    await sendSms(
      { url: `${receiver.url}/send`, token: 'gw-token', from: 'Quarry', to: ['+4915100000001', '+4915100000002'] },
      sampleEvent,
      AbortSignal.timeout(5000),
    );
    expect(receiver.received.map((request) => JSON.parse(request.body).to)).toEqual(['+4915100000001', '+4915100000002']);
    expect(receiver.received[0]!.headers.authorization).toBe('Bearer gw-token');
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ from: 'Quarry', text: smsText(sampleEvent) });
  });

  it('keeps a message within one 160-character segment', () => {
    expect(smsText({ ...sampleEvent, body: 'x'.repeat(500) }).length).toBe(160);
  });
});
