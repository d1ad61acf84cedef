import { and, eq, isNull, or } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { followUpRules, surveys } from '../../../db/schema';
import { ruleRunOrder } from '../followups/rules/manage';
import type { ThemeDefinition } from '../../text';
import { readThemeDefinitionsLocked } from '../themes/definitions';
import { enabledEndpoints, type Endpoint } from '../webhooks/outbox';

export type RuleRow = typeof followUpRules.$inferSelect;

/** Everything storing one answer reads before it writes, read in the answer's transaction. */
export type IngestContext = {
  surveyExists: boolean;
  /** Theme definitions to match the comment against; empty when there is no comment. */
  themes: ThemeDefinition[];
  /** The enabled follow-up rules that apply to this survey, in the order they are tried. */
  rules: RuleRow[];
  /** Enabled endpoints of the project; each event picks the ones subscribed to it. */
  endpoints: Endpoint[];
};

/**
 * Reads the survey check, theme definitions, follow-up rules and webhook endpoints of an answer in one
 * round trip: the queries are issued together, so the Postgres driver pipelines them on the transaction's
 * connection (PGlite runs them in turn). On the ingest path round trips are most of the cost: each is a
 * write and a wake-up on both sides of the socket. The queries do not depend on each other's order (queries
 * issued together are not guaranteed to reach the server in the order they were created): the theme
 * definitions come with their lock in one statement (readThemeDefinitionsLocked).
 */
export async function readIngestContext(tx: Tx, projectId: string, surveyId: string, comment: string | null): Promise<IngestContext> {
  const [themes, survey, rules, endpoints] = await Promise.all([
    comment === null ? [] : readThemeDefinitionsLocked(tx, projectId),
    tx
      .select({ id: surveys.id })
      .from(surveys)
      .where(and(eq(surveys.id, surveyId), eq(surveys.projectId, projectId), isNull(surveys.deletedAt))),
    tx
      .select()
      .from(followUpRules)
      .where(
        and(
          eq(followUpRules.projectId, projectId),
          eq(followUpRules.enabled, true),
          or(isNull(followUpRules.surveyId), eq(followUpRules.surveyId, surveyId)),
        ),
      )
      .orderBy(...ruleRunOrder),
    enabledEndpoints(tx, projectId),
  ]);
  return { surveyExists: survey.length > 0, themes, rules, endpoints };
}
