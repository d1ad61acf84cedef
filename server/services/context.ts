import type { Database } from '../../db/client';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SecretBox } from '../crypto/secret-box';
import type { CommentAnalyzer } from './responses/analyze';
import type { WidgetSurveyCache } from './widget/survey-cache';
import type { ContactCache } from './widget/contact-cache';

/** What every project-scoped service function receives. The tenant is part of the context, so no query can forget it. */
export type ProjectCtx = {
  db: Database;
  projectId: string;
  clock: Clock;
  /** Logs a line about this request (the request id is added); absent outside a request. */
  log?: Logger;
  /** Analyses comments at ingest; analyzeComment when absent (tests hand in one that throws). */
  analyzer?: CommentAnalyzer;
  /** Seals the secrets a project keeps (KIZUNA_ENCRYPTION_KEY); plain when absent. */
  secretBox?: SecretBox;
  /** The process's cache of live surveys for the widget; survey changes forget the project's entry. */
  widgetSurveys?: WidgetSurveyCache;
  /** The process's cache of identified customers' contact histories; their answers and dismissals forget them. */
  widgetContacts?: ContactCache;
};
