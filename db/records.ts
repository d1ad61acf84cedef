import { getTableColumns, type Table } from 'drizzle-orm';

const namesByTable = new WeakMap<Table, [key: string, name: string][]>();

function columnNames(table: Table): [key: string, name: string][] {
  let names = namesByTable.get(table);
  if (!names) {
    names = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]);
    namesByTable.set(table, names);
  }
  return names;
}

/**
 * A row as Postgres names its columns (`project_id`, not `projectId`), for statements that hand whole rows to
 * `jsonb_populate_record(null::<table>, …)`. Only columns of the table are copied; dates become ISO strings
 * when the record is serialized to JSON.
 */
export function columnRecord<T extends Table>(table: T, row: Partial<T['$inferSelect']>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, name] of columnNames(table)) {
    const value = (row as Record<string, unknown>)[key];
    if (value !== undefined) record[name] = value;
  }
  return record;
}
