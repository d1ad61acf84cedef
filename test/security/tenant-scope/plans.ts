// Whether a statement names its tenant, read from the plan Postgres makes for it: every scan of a table that
// has a project_id column must be bound by project_id, in its own condition or in the join that feeds it.
// The plan is the generic one (EXPLAIN GENERIC_PLAN, Postgres 16 and later: PGlite), so a statement is
// judged as written, for any parameters, by the same parser and planner that run it.
import { PGlite } from '@electric-sql/pglite';
import { auto_explain } from '@electric-sql/pglite/contrib/auto_explain';
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { migrate } from '../../../db/migrate';
import * as schema from '../../../db/schema';

/** Every table of the drizzle schema with a project_id column. */
export function tenantTables(): Set<string> {
  const names = new Set<string>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    if (config.columns.some((column) => column.name === 'project_id')) names.add(config.name);
  }
  return names;
}

type PlanNode = Record<string, unknown> & { 'Node Type': string; Plans?: PlanNode[] };

export type Unbound = { table: string; alias: string; node: string; conditions: string[] };

const CONDITIONS = ['Index Cond', 'Recheck Cond', 'Filter', 'TID Cond', 'Join Filter', 'Hash Cond', 'Merge Cond'];
const JOIN_CONDITIONS = ['Hash Cond', 'Merge Cond', 'Join Filter'];

const conditionsOf = (node: PlanNode, keys: string[]) => keys.flatMap((key) => (typeof node[key] === 'string' ? [node[key] as string] : []));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Binding = 'value' | 'join' | null;

/**
 * How a condition holds `alias.project_id`: to a value (a parameter, a constant, `= ANY(…)`), to another
 * table's project_id (a join on the tenant), or not at all.
 */
function binding(alias: string, condition: string): Binding {
  const column = `(?:"${escape(alias)}"|${escape(alias)})\\.project_id`;
  const value = `(?:\\$\\d+|'[^']*'(?:::\\w+)?|ANY\\b)`;
  if (new RegExp(`${column}\\s*=\\s*${value}|${value}\\s*=\\s*${column}\\b`).test(condition)) return 'value';
  if (new RegExp(`${column}\\s*=\\s*\\(?"?\\w+"?\\.project_id\\b|\\w+"?\\.project_id\\)?\\s*=\\s*${column}\\b`).test(condition)) return 'join';
  return null;
}

const strongest = (bindings: Binding[]): Binding => (bindings.includes('value') ? 'value' : bindings.includes('join') ? 'join' : null);

/** Bitmap heap scans keep their index conditions in their Bitmap Index Scan children. */
function indexConditionsBelow(node: PlanNode): string[] {
  if (node['Node Type'] === 'Bitmap Index Scan') return conditionsOf(node, ['Index Cond']);
  if (node['Node Type'] === 'BitmapAnd' || node['Node Type'] === 'BitmapOr') return (node.Plans ?? []).flatMap(indexConditionsBelow);
  return [];
}

/**
 * Scans of tenant tables that nothing binds to a project. A join on project_id binds the scans it joins, but
 * a statement whose tenant scans are all bound only to each other still reads every project: then each counts.
 */
export function unboundScans(plan: PlanNode, tenants: Set<string>): Unbound[] {
  const scans: (Unbound & { bound: Binding })[] = [];
  const walk = (node: PlanNode, joins: string[]) => {
    const table = node['Relation Name'];
    const isScan = typeof table === 'string' && node['Node Type'] !== 'ModifyTable';
    if (isScan && tenants.has(table)) {
      const alias = (node.Alias as string | undefined) ?? table;
      const own = [...conditionsOf(node, CONDITIONS), ...(node['Node Type'] === 'Bitmap Heap Scan' ? (node.Plans ?? []).flatMap(indexConditionsBelow) : [])];
      const bound = strongest([...own, ...joins].map((condition) => binding(alias, condition)));
      scans.push({ table, alias, node: node['Node Type'], conditions: own, bound });
    }
    const below = [...joins, ...conditionsOf(node, JOIN_CONDITIONS)];
    for (const child of node.Plans ?? []) walk(child, below);
  };
  walk(plan, []);
  const named = scans.some((scan) => scan.bound === 'value');
  return scans.filter((scan) => scan.bound === null || !named).map(({ bound: _bound, ...scan }) => scan);
}

/**
 * PostgreSQL's own check of a foreign key on insert, which auto_explain reports as a nested statement. The keys
 * reference rows by id alone until tenant tables get composite keys (their own change); Citus checks them on the
 * shard all the same when both tables are colocated by project.
 */
const FOREIGN_KEY_CHECK = /^SELECT 1 FROM ONLY "public"\."\w+" x WHERE "id" OPERATOR\(pg_catalog\.=\) \$1 FOR KEY SHARE OF x$/;

/** A migrated PGlite to plan statements in, with auto_explain for the statements inside database functions. */
export async function openPlanner() {
  const client = new PGlite({ extensions: { auto_explain } });
  await client.waitReady;
  await migrate({ db: drizzle(client, { schema }) as never, driver: 'pglite', close: () => client.close() });
  return {
    /** The generic plan, or null for statements that have none (BEGIN, SET, …). */
    async plan(text: string): Promise<PlanNode | null> {
      if (!/^\s*(with|select|insert|update|delete)\b/i.test(text)) return null;
      const [result] = await client.exec(`explain (generic_plan, verbose, format json) ${text}`);
      const row = result!.rows[0] as Record<string, unknown>;
      const json = row['QUERY PLAN'];
      const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: PlanNode }[];
      return parsed[0]!.Plan;
    },
    /**
     * The plans of the statements a database function runs, by calling it while auto_explain reports every
     * nested statement (only those the call reaches: give it rows to find).
     */
    async functionPlans(call: string): Promise<{ text: string; plan: PlanNode }[]> {
      const notices: string[] = [];
      await client.exec(
        `load 'auto_explain'; set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on;
         set auto_explain.log_level = notice; set auto_explain.log_format = json; set auto_explain.log_verbose = on`,
      );
      await client.query(call, [], { onNotice: (notice) => notices.push(notice.message ?? '') });
      return notices
        .filter((message) => message.startsWith('duration:'))
        .map((message) => JSON.parse(message.slice(message.indexOf('{'))) as { 'Query Text': string; Plan: PlanNode })
        .filter((logged) => logged['Query Text'] !== call && !FOREIGN_KEY_CHECK.test(logged['Query Text']))
        .map((logged) => ({ text: logged['Query Text'], plan: logged.Plan }));
    },
    /** The app's own functions (not trigger functions) that a statement calls. */
    async functionsCalledBy(texts: Iterable<string>): Promise<string[]> {
      const { rows } = await client.query<{ name: string }>(
        `select proname as name from pg_proc where proname like 'kizuna\\_%' and prorettype <> 'trigger'::regtype`,
      );
      const all = [...texts];
      return rows.map((r) => r.name).filter((name) => all.some((text) => new RegExp(`\\b${name}\\s*\\(`, 'i').test(text)));
    },
    /** Runs SQL on the planner's database (rows for the functions' calls to find). */
    exec: (sql: string) => client.exec(sql),
    close: () => client.close(),
  };
}
