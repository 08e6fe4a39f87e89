import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '../env';
import { logger } from './logger';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text. */
  html?: string;
  /** Extra headers (List-Unsubscribe and its one-click companion on notification emails). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Mail through SMTP_URL when configured; otherwise (development) the message is logged. One
 * transport per SMTP_URL: a changed configuration (tests start their own server) gets a new one.
 */
export class SmtpMailer implements Mailer {
  private transport: { url: string; t: Transporter } | undefined;

  async send(mail: OutgoingMail): Promise<void> {
    const e = env();
    if (!e.SMTP_URL) {
      logger.info({ to: mail.to, subject: mail.subject }, `mail (no SMTP_URL configured):\n${mail.text}`);
      return;
    }
    if (this.transport?.url !== e.SMTP_URL) {
      this.transport?.t.close();
      this.transport = { url: e.SMTP_URL, t: nodemailer.createTransport(e.SMTP_URL) };
    }
    await this.transport.t.sendMail({ from: e.MAIL_FROM, ...mail });
  }

  close() {
    this.transport?.t.close();
    this.transport = undefined;
  }
}
