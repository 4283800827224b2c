import nodemailer from 'nodemailer';
import type { AlertEvent } from '../../../../src-shared/schemas/alerts';

export interface EmailConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly from: string;
  readonly to: readonly string[];
}

/** Sends the alert as a plain-text mail over SMTP, with a short connection timeout. */
export async function sendEmail(config: EmailConfig, event: AlertEvent, signal: AbortSignal): Promise<void> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  });
  const abort = () => transport.close();
  signal.addEventListener('abort', abort, { once: true });
  try {
    await transport.sendMail({
      from: config.from,
      to: [...config.to],
      subject: event.title,
      text: `${event.body}\n\n— Quarry alert "${event.ruleName}" (${event.severity}), ${new Date(event.at).toISOString()}`,
      headers: { 'X-Quarry-Alert': event.kind },
    });
  } finally {
    signal.removeEventListener('abort', abort);
    transport.close();
  }
}
