import type { Config } from '../../config.ts';
import type { RenderedMessage } from '../templates.ts';
import type { TargetKind } from '../targetRepo.ts';
import { sendEmail } from './email.ts';
import { sendToWebhook } from './slack.ts';

/** Sends a rendered message over the target's channel; throws a DeliveryError when it does not go through. */
export async function sendMessage(
  config: Pick<Config, 'SMTP_URL' | 'NOTIFY_FROM'>,
  target: { kind: TargetKind; address: string },
  message: RenderedMessage,
  asOf: Date,
): Promise<void> {
  if (target.kind === 'slack') return sendToWebhook(target.address, message.body, asOf);
  return sendEmail(config.SMTP_URL, { from: config.NOTIFY_FROM, to: target.address, subject: message.subject, text: message.body, html: message.html });
}
