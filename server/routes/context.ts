import type { Context } from 'hono';
import { projectIdOf } from '../auth/middleware';
import type { AppEnv } from '../env';
import { secretBoxOf } from '../crypto/config-box';
import type { ProjectCtx } from '../services/context';

/** The service context of a project-scoped request: the tenant comes from the caller's key, never from input. */
export const projectCtx = (c: Context<AppEnv>): ProjectCtx => ({
  db: c.var.deps.db,
  clock: c.var.deps.clock,
  projectId: projectIdOf(c.var.auth),
  log: (line) => c.var.deps.logger({ ...line, requestId: c.var.requestId }),
  analyzer: c.var.deps.analyzer,
  secretBox: secretBoxOf(c.var.deps.config),
  widgetSurveys: c.var.deps.widgetSurveys,
  widgetContacts: c.var.deps.widgetContacts,
});
