/**
 * Which column of an import file means what. A preset names, for each field Kizuna knows, the column names
 * that carry it (compared without case, spaces or underscores: "Response timestamp" = response_timestamp);
 * every other non-empty column goes into the answer's properties under its own name.
 */
export type ImportPreset = 'delighted' | 'generic';
export const IMPORT_PRESETS: readonly ImportPreset[] = ['delighted', 'generic'];

export type MappedField = 'sourceId' | 'score' | 'comment' | 'answeredAt' | 'email' | 'name' | 'personId' | 'locale' | 'tags' | 'notes';

const PRESETS: Record<ImportPreset, Record<MappedField, string[]>> = {
  // Delighted's response export (CSV from the dashboard, or the API's survey_responses as JSON lines).
  // Delighted's own person id means nothing to Kizuna: it is kept as a property, and the person is their email.
  delighted: {
    sourceId: ['responseid', 'id'],
    score: ['score'],
    comment: ['comment'],
    answeredAt: ['responsetimestamp', 'createdat', 'respondedat', 'date'],
    email: ['email', 'personemail'],
    name: ['name', 'personname'],
    personId: [],
    locale: ['locale'],
    tags: ['tags'],
    notes: ['notes'],
  },
  generic: {
    sourceId: ['id', 'sourceid', 'responseid'],
    score: ['score'],
    comment: ['comment'],
    answeredAt: ['createdat', 'answeredat', 'timestamp', 'date'],
    email: ['email'],
    name: ['name'],
    personId: ['personid', 'externalid'],
    locale: ['locale'],
    tags: ['tags'],
    notes: ['notes'],
  },
};

const normalize = (column: string) => column.toLowerCase().replace(/[\s_-]+/g, '');

/** The row's value for each known field, and the rest as properties (a null-prototype-free Map: column names are user text). */
export type MappedRow = { known: Map<MappedField, unknown>; rest: Map<string, unknown> };

export function mapRow(preset: ImportPreset, fields: Map<string, unknown>): MappedRow {
  const known = new Map<MappedField, unknown>();
  const rest = new Map<string, unknown>();
  for (const [column, value] of fields) {
    const field = fieldOf(preset, column);
    if (field && !known.has(field)) known.set(field, value);
    else if (value !== '' && value !== null && value !== undefined) rest.set(column, value);
  }
  return { known, rest };
}

function fieldOf(preset: ImportPreset, column: string): MappedField | null {
  const name = normalize(column);
  for (const [field, columns] of Object.entries(PRESETS[preset]) as [MappedField, string[]][]) {
    if (columns.includes(name)) return field;
  }
  return null;
}
