import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { sendEmail } from '../../../../../src-main/engine/monitor/notifiers/email';
import { sampleEvent } from '../../../../helpers/alert-event';

interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
  user: string | undefined;
}

/** A real SMTP server on a free loopback port that accepts one login and keeps every message. */
async function startSmtp() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 'pw') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const pieces: Buffer[] = [];
      stream.on('data', (piece: Buffer) => pieces.push(piece));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          data: Buffer.concat(pieces).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('email channel', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  afterEach(async () => smtp?.close());

  it('delivers a plain-text alert over SMTP with authentication', async () => {
    smtp = await startSmtp();
    await sendEmail(
      {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: 'alerts',
        password: 'pw',
        from: 'quarry@example.test',
        to: ['analyst@example.test', 'admin@example.test'],
      },
      sampleEvent,
      AbortSignal.timeout(10_000),
    );
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.user).toBe('alerts');
    expect(mail.from).toBe('quarry@example.test');
    expect(mail.to).toEqual(['analyst@example.test', 'admin@example.test']);
    expect(mail.data).toContain('Subject: critical: Slow answers is firing');
    expect(mail.data).toContain('X-Quarry-Alert: firing');
    // The body travels quoted-printable: undo soft line breaks and =XX escapes before reading it.
    const body = mail.data.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(body).toContain('(max over 1m) = 3.2, threshold > 2 for 5m');
  });

  it('fails when the server refuses the login', async () => {
    smtp = await startSmtp();
    await expect(
      sendEmail(
        {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          user: 'alerts',
          password: 'wrong',
          from: 'q@example.test',
          to: ['a@example.test'],
        },
        sampleEvent,
        AbortSignal.timeout(10_000),
      ),
    ).rejects.toThrow(/Invalid/);
    expect(smtp.mails).toHaveLength(0);
  });
});
