import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface WebhookCall {
  path: string;
  contentType: string | undefined;
  body: { text: string };
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A Slack-compatible incoming webhook on 127.0.0.1: accepts JSON POSTs on its one hook path and
 * answers from a script (then 200 "ok"). Anything else is recorded in `unexpected` and refused.
 */
export async function startWebhookReceiver(): Promise<{
  url: string;
  calls: WebhookCall[];
  unexpected: string[];
  answerNext(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}> {
  const hookPath = '/services/T000/B000/s3cr3tw3bh00k';
  const calls: WebhookCall[] = [];
  const unexpected: string[] = [];
  const script: ScriptedAnswer[] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method !== 'POST' || req.url !== hookPath || !req.headers['content-type']?.startsWith('application/json')) {
      unexpected.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      res.writeHead(400).end('unexpected request');
      return;
    }
    calls.push({ path: req.url, contentType: req.headers['content-type'], body: JSON.parse(raw) });
    const answer = script.shift() ?? { status: 200, body: 'ok' };
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${hookPath}`,
    calls,
    unexpected,
    answerNext: (...answers) => script.push(...answers),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface CapturedMail {
  from: string | undefined;
  to: string[];
  raw: string;
}

/** An SMTP server on 127.0.0.1 that keeps every message; `rejectNext` makes it refuse recipients with a code. */
export async function startSmtpReceiver(): Promise<{ url: string; mails: CapturedMail[]; rejectNext(code: number, count?: number): void; close(): Promise<void> }> {
  const mails: CapturedMail[] = [];
  let rejections: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = rejections.shift();
      if (code === undefined) return callback();
      callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    rejectNext: (code, count = 1) => {
      rejections = Array.from({ length: count }, () => code);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of a MIME message's parts (quoted-printable soft breaks and escapes undone). */
export function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}
