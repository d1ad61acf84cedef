import type { BodyReader } from './body';
import type { Context } from 'hono';
import type { Database } from '../db/client';
import type { AuthContext } from './auth/context';
import type { Clock } from './clock';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';
import type { KeyCache } from './auth/key-cache';
import type { WidgetSurveyCache } from './services/widget/survey-cache';
import type { ContactCache } from './services/widget/contact-cache';
import type { RateLimiter } from './auth/rate-limit';
import type { CommentAnalyzer } from './services/responses/analyze';

/** Everything a handler needs, handed in by the entry point (Node or Worker) so tests can swap real parts in. */
export type AppDeps = {
  db: Database;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  rateLimiter: RateLimiter;
  /** Resolved API keys, remembered briefly; createApp makes one when the entry point does not. */
  keyCache?: KeyCache;
  /** The live surveys the widget asks for on every page view, kept per process; createApp makes one when absent. */
  widgetSurveys?: WidgetSurveyCache;
  /** Identified customers' contact histories for the widget, kept briefly per process; createApp makes one when absent. */
  widgetContacts?: ContactCache;
  /** Outgoing email (follow-up replies). Absent when SMTP is not configured: replying then answers 409. */
  mailer?: Mailer;
  /** The peer address (Node: the socket's; Workers: CF-Connecting-IP); X-Forwarded-For only via config.trustedProxies. */
  socketAddress?: (c: Context) => string | undefined;
  /** Reads request bodies from the runtime's own request (Node); without it they are read from the Web Request. */
  readBody?: BodyReader;
  /**
   * Receives the work a request goes on with after its reply (server/after-reply.ts): the Worker passes it to
   * ctx.waitUntil and closes its database connection only after it; tests wait for it. Node needs nothing.
   */
  afterReply?: (work: Promise<void>) => void;
  /** Analyses comments at ingest; the built-in analysis when absent. Tests hand in one that throws. */
  analyzer?: CommentAnalyzer;
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    auth: AuthContext;
  };
};
