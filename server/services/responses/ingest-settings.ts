import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { followUpRules, projects } from '../../../db/schema';
import { ruleRunOrder } from '../followups/rules/manage';
import type { ThemeDefinition } from '../../text';
import { readRule, type ReadRule } from '../followups/rules/choose';
import { readThemeDefinitions } from '../themes/definitions';
import { enabledEndpoints, type Endpoint } from '../webhooks/outbox';

/** An enabled rule with its stored conditions and action parsed once; null where they no longer parse. */
export type CachedRule = ReadRule;

/**
 * What storing an answer depends on besides the answer itself, as of one settings version of the project.
 * Each process keeps the latest it has read; the statement that stores an answer checks the version under
 * the project row's lock, so an answer is never stored with settings older than a committed change.
 */
export type IngestSettings = {
  projectId: string;
  version: number;
  themes: ThemeDefinition[];
  /** Enabled rules in the order they are tried, for every survey (each answer keeps those for its own). */
  rules: CachedRule[];
  endpoints: Endpoint[];
};

// Bounded so that an instance with many projects keeps the busiest without growing for ever: a Map iterates
// in insertion order, and a project is moved to the end each time it is used. What is kept is the read in
// progress or done, so the answers that arrive together at a cold process share one read.
const MAX_PROJECTS = 1000;
const cache = new Map<string, Promise<IngestSettings | null>>();

/** The settings this process holds for the project, read from the database when it holds none. */
export function ingestSettings(db: Database, projectId: string): Promise<IngestSettings | null> {
  let held = cache.get(projectId);
  if (held) {
    cache.delete(projectId);
  } else {
    if (cache.size >= MAX_PROJECTS) cache.delete(cache.keys().next().value!);
    held = loadIngestSettings(db, projectId);
    // A failed read or a project that is gone is not kept: the next answer asks again.
    held.then(
      (settings) => settings === null && forget(projectId, held!),
      () => forget(projectId, held!),
    );
  }
  cache.set(projectId, held);
  return held;
}

function forget(projectId: string, read: Promise<IngestSettings | null>) {
  if (cache.get(projectId) === read) cache.delete(projectId);
}

/** Drops what this process holds for the project if it is still `stale` (a newer read may already be there). */
export async function forgetIngestSettings(stale: IngestSettings): Promise<void> {
  const held = cache.get(stale.projectId);
  if (held && (await held) === stale) forget(stale.projectId, held);
}

/**
 * Reads the version and the settings in one REPEATABLE READ snapshot, so they belong together: a change
 * committed after the snapshot bumps the version past the one read here, and the next answer reloads.
 */
async function loadIngestSettings(db: Database, projectId: string): Promise<IngestSettings | null> {
  return db.transaction(
    async (tx) => {
      const [project] = await tx.select({ version: projects.settingsVersion }).from(projects).where(eq(projects.id, projectId));
      if (!project) return null;
      const themes = await readThemeDefinitions(tx, projectId);
      const ruleRows = await tx
        .select()
        .from(followUpRules)
        .where(and(eq(followUpRules.projectId, projectId), eq(followUpRules.enabled, true)))
        .orderBy(...ruleRunOrder);
      const endpoints = await enabledEndpoints(tx, projectId);
      const rules = ruleRows.map(readRule);
      return { projectId, version: project.version, themes, rules, endpoints };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
