import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '../env';
import { logger } from '../lib/logger';

// One transport per SMTP_URL: a changed configuration (tests start their own server) gets a new one.
let transport: { url: string; t: Transporter } | undefined;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Mail goes through SMTP_URL when configured; otherwise (development) the message is logged. */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const e = env();
  if (!e.SMTP_URL) {
    logger.info({ to: mail.to, subject: mail.subject }, `mail (no SMTP_URL configured):\n${mail.text}`);
    return;
  }
  if (transport?.url !== e.SMTP_URL) {
    transport?.t.close();
    transport = { url: e.SMTP_URL, t: nodemailer.createTransport(e.SMTP_URL) };
  }
  await transport.t.sendMail({ from: e.MAIL_FROM, ...mail });
}
