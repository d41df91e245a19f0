import { createTransport } from 'nodemailer';
import { DeliveryError } from './deliveryError.ts';

export interface Email {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/** Sends one e-mail over SMTP. A 5xx answer is permanent (the server refused it); anything else may pass later. */
export async function sendEmail(smtpUrl: string | undefined, email: Email): Promise<void> {
  if (!smtpUrl) throw new DeliveryError('SMTP_URL is not set, so e-mail cannot be sent; set it and retry the delivery', { permanent: true });
  const transport = createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  try {
    await transport.sendMail({ from: email.from, to: email.to, subject: email.subject, text: email.text, ...(email.html ? { html: email.html } : {}) });
  } catch (error) {
    const { responseCode, code, message } = error as { responseCode?: number; code?: string; message?: string };
    throw new DeliveryError(`SMTP: ${message ?? code ?? 'send failed'}`, { permanent: responseCode !== undefined && responseCode >= 500 });
  } finally {
    transport.close();
  }
}
