// A real SMTP server on 127.0.0.1 (smtp-server, from the author of nodemailer), with TLS and
// authentication as a mail provider runs them: implicit TLS (smtps, port 465 style) or
// STARTTLS that must come before AUTH. It refuses a bad login (535) and the recipients it is
// told to (550), and keeps every message it accepted, parsed (mailparser), with whether the
// session was encrypted. The certificates come from a throwaway CA made with openssl, so a
// client trusts them only when told to (NODE_EXTRA_CA_CERTS).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestCa {
  /** The CA certificate file: pass it as NODE_EXTRA_CA_CERTS to trust the server. */
  caFile: string;
  key: string;
  cert: string;
}

let ca: TestCa | undefined;

/** A CA and a certificate for 127.0.0.1 signed by it, made once per process. */
export function testCa(): TestCa {
  if (ca) return ca;
  const dir = mkdtempSync(join(tmpdir(), 'smtp-ca-'));
  const at = (f: string) => join(dir, f);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=hotfix-actions test CA',
  ]);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(at('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl([
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.pem'),
    '-days',
    '2',
    '-extfile',
    at('ext.cnf'),
  ]);
  ca = {
    caFile: at('ca.pem'),
    key: readFileSync(at('server.key'), 'utf8'),
    cert: readFileSync(at('server.pem'), 'utf8'),
  };
  return ca;
}

export interface Received {
  from: string;
  to: string[];
  /** The session was encrypted (implicit TLS or STARTTLS) when the message came. */
  secure: boolean;
  user: string | undefined;
  raw: string;
  mail: ParsedMail;
}

export interface SmtpStubOptions {
  /** TLS from the first byte (smtps); else STARTTLS, required before AUTH. */
  implicitTls: boolean;
  user: string;
  pass: string;
  /** Recipients answered 550. */
  reject?: RegExp;
}

export class SmtpStub {
  readonly received: Received[] = [];
  /** Logins tried, and whether each was accepted. */
  readonly logins: { user: string; ok: boolean; secure: boolean }[] = [];
  /** Connection errors (a client that gave up on the certificate, a dropped socket). */
  readonly errors: Error[] = [];
  port = 0;
  private server: SMTPServer | undefined;

  readonly o: SmtpStubOptions;

  constructor(o: SmtpStubOptions) {
    this.o = o;
  }

  /** The smtp-url to give notify, with the credentials percent-encoded as a URL needs. */
  url(user = this.o.user, pass = this.o.pass): string {
    const auth = `${encodeURIComponent(user)}:${encodeURIComponent(pass)}@`;
    return `${this.o.implicitTls ? 'smtps' : 'smtp'}://${auth}127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const { key, cert } = testCa();
    const o = this.o;
    this.server = new SMTPServer({
      secure: o.implicitTls,
      key,
      cert,
      logger: false,
      authMethods: ['PLAIN', 'LOGIN'],
      // AUTH only over TLS, as every provider asks.
      allowInsecureAuth: false,
      onAuth: (auth, session, done) => {
        const ok = auth.username === o.user && auth.password === o.pass;
        this.logins.push({ user: auth.username ?? '', ok, secure: !!session.secure });
        if (!ok)
          return done(
            Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
          );
        done(null, { user: auth.username });
      },
      onRcptTo: (address, _session, done) => {
        if (o.reject?.test(address.address))
          return done(
            Object.assign(
              new Error(`<${address.address}>: Recipient address rejected: User unknown`),
              { responseCode: 550 },
            ),
          );
        done();
      },
      onData: (stream, session: SMTPServerSession, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((mail) => {
              this.received.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                secure: !!session.secure,
                user: typeof session.user === 'string' ? session.user : undefined,
                raw,
                mail,
              });
              done();
            })
            .catch((err: Error) => done(err));
        });
      },
    });
    // A client refusing the certificate closes the socket: the server reports it, as a real one logs it.
    this.server.on('error', (err: Error) => this.errors.push(err));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
