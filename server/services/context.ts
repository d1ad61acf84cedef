import type { Database } from '../../db/client';
import type { Clock } from '../clock';

/** What every project-scoped service function receives. The tenant is part of the context, so no query can forget it. */
export type ProjectCtx = { db: Database; projectId: string; clock: Clock };
