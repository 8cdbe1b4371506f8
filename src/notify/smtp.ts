// The SMTP adapter: nodemailer, loaded on first use (a run that sends no email never loads
// it). smtps:// speaks TLS from the first byte (port 465); smtp:// must upgrade with STARTTLS
// (requireTLS), so a password never crosses the network in the clear. The certificate is
// checked against the system's CAs (and NODE_EXTRA_CA_CERTS). Errors are described from
// their codes and the server's reply, never from the URL.
import type { Email, SendMail, SmtpError } from './email.ts';
import { safeDecode } from './credentials.ts';

export function smtpSender(url: string, timeoutMs: number): SendMail {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return async (mail: Email) => {
    const { createTransport } = await import('nodemailer');
    const transport = createTransport({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      requireTLS: !secure,
      ...(u.username
        ? { auth: { user: safeDecode(u.username), pass: safeDecode(u.password) } }
        : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        references: mail.references,
        inReplyTo: mail.references,
      });
      return { response: String(info.response ?? ''), accepted: info.accepted.length };
    } catch (err) {
      throw smtpError(err);
    } finally {
      transport.close();
    }
  };
}

/** A nodemailer error in words: the reply code and text, or what happened to the connection. */
export function smtpError(err: unknown): SmtpError {
  const e = err as { code?: unknown; responseCode?: unknown; response?: unknown } | null;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const reply = typeof e?.response === 'string' ? e.response : '';
  if (code !== undefined)
    return {
      message: `SMTP ${code}${reply ? `: ${reply.replace(/^\d{3}[ -]/, '')}` : ''}`,
      code,
      transient: code >= 400 && code < 500,
    };
  const what: Record<string, [string, boolean]> = {
    EAUTH: ['authentication failed (check smtp-url)', false],
    ECONNECTION: ['connection failed', true],
    ESOCKET: ['connection failed', true],
    ETIMEDOUT: ['timed out', true],
    EDNS: ['host not found (DNS)', true],
    ETLS: ['TLS failed (STARTTLS refused, or the certificate is not trusted)', false],
    EENVELOPE: ['no valid recipient', false],
    EMESSAGE: ['the message could not be built', false],
  };
  const k = typeof e?.code === 'string' ? e.code : '';
  const [message, transient] = what[k] ?? [k ? `SMTP error ${k}` : 'SMTP error', false];
  const cause = (err as { message?: unknown }).message;
  // A certificate problem reads the same through every code: say which.
  const tls =
    typeof cause === 'string' && /certificate|self.signed|CERT_/i.test(cause)
      ? ': the server certificate is not trusted'
      : '';
  return { message: `${message}${tls}`, transient };
}
