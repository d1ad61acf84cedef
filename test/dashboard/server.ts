// A real Kizuna over HTTP for the dashboard's browser tests: the app on a free loopback port, a fresh
// database, the built dashboard and widget, the webhook dispatcher and a local SMTP server for replies.
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../../server/app';
import { createRateLimiter } from '../../server/auth/rate-limit';
import type { Clock } from '../../server/clock';
import { defaultConfig } from '../../server/config';
import { createSmtpMailer } from '../../server/mail/smtp';
import { memberships } from '../../db/schema';
import { createUser } from '../../server/services/accounts/users';
import { ensureFirstAdmin } from '../../server/services/accounts/first-run';
import { startDispatcherLoop } from '../../server/webhooks/loop';
import { buildDashboard, dashboardOutdir } from '../../scripts/build-dashboard';
import { buildWidget, widgetOutfile } from '../../scripts/build-widget';
import { TEST_PASSWORD_ITERATIONS } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';

let built: Promise<void> | undefined;
/** Builds the dashboard and the widget once per test process, into dist/ where the server reads them. */
export function ensureBuilds() {
  built ??= (async () => {
    const { files } = await buildDashboard();
    mkdirSync(dashboardOutdir, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(`${dashboardOutdir}/${name}`, bytes);
    const widget = await buildWidget();
    mkdirSync(dirname(widgetOutfile), { recursive: true });
    writeFileSync(widgetOutfile, widget);
  })();
  return built;
}

/** Real time, unless a test sets it back to seed answers on past days. */
function seedableClock() {
  let fixed: Date | null = null;
  return {
    now: () => fixed ?? new Date(),
    set: (date: Date | null) => {
      fixed = date;
    },
  } satisfies Clock & Record<string, unknown>;
}

export type DashboardServer = {
  url: string;
  clock: ReturnType<typeof seedableClock>;
  db: TestDatabase;
  owner: { email: string; password: string; projectId: string };
  mails: { to: string; raw: string }[];
  /** Calls the API with a key, as an integration would. */
  api: <T = any>(method: string, path: string, key: string, body?: unknown) => Promise<{ status: number; body: T }>;
  addMember: (email: string, password: string, projectId: string, role?: 'admin' | 'member') => Promise<string>;
  close: () => Promise<void>;
};

/** `email: false` runs the server as one without SMTP_URL: no mailer at all. */
export async function startDashboardServer(options: { email?: boolean } = {}): Promise<DashboardServer> {
  await ensureBuilds();
  const db = await createTestDatabase();
  const mails: { to: string; raw: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${smtpPort}`, from: 'Kizuna <kizuna@localhost>' });

  const clock = seedableClock();
  const config = { ...defaultConfig, allowPrivateWebhooks: true, passwordIterations: TEST_PASSWORD_ITERATIONS };
  const app = createApp({ db: db.db, config, clock, logger: () => {}, rateLimiter: createRateLimiter(), mailer: options.email === false ? undefined : mailer });
  const dispatcher = startDispatcherLoop({
    db: db.db,
    clock,
    logger: () => {},
    resolveHost: async () => ['127.0.0.1'],
    allowPrivateTargets: true,
  } as Parameters<typeof startDispatcherLoop>[0]);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;

  const password = 'owner-password-1';
  const first = await ensureFirstAdmin(db.db, { email: 'owner@example.com', password, passwordIterations: TEST_PASSWORD_ITERATIONS });

  return {
    url,
    clock,
    db,
    mails,
    owner: { email: 'owner@example.com', password, projectId: first!.project!.id },
    api: async (method, path, key, body) => {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    addMember: async (email, memberPassword, projectId, role = 'member') => {
      const user = await createUser(db.db, { email, password: memberPassword, passwordIterations: TEST_PASSWORD_ITERATIONS });
      await db.db.insert(memberships).values({ projectId, userId: user!.id, role });
      return user!.id;
    },
    close: async () => {
      await dispatcher.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await db.drop();
    },
  };
}
