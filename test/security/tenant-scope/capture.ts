// Records the text of every statement the app sends through one database handle, on either driver: drizzle
// turns every query it builds (in transactions too) into text through its dialect, and the few statements
// written out by hand go to the driver's client through runStatement (db/client.ts).
import type { Database } from '../../../db/client';

export type Captured = {
  statements: Set<string>;
  /** Runs the test's own set-up (not the app's statements) without recording it. */
  aside: <T>(work: () => Promise<T>) => Promise<T>;
};

export function captureStatements(db: Database): Captured {
  const statements = new Set<string>();
  let recording = true;
  const seen = { add: (text: string) => recording && statements.add(text) };
  const target = db as unknown as {
    dialect: { sqlToQuery: (...args: unknown[]) => { sql: string } };
    $client: Record<string, unknown>;
  };
  const toQuery = target.dialect.sqlToQuery.bind(target.dialect);
  target.dialect.sqlToQuery = (...args: unknown[]) => {
    const query = toQuery(...args);
    seen.add(query.sql);
    return query;
  };
  const client = target.$client;
  target.$client = new Proxy(client, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if ((property === 'unsafe' || property === 'query') && typeof value === 'function') {
        return (text: string, ...rest: unknown[]) => {
          seen.add(text);
          return value.call(object, text, ...rest);
        };
      }
      return value;
    },
  });
  return {
    statements,
    aside: async (work) => {
      recording = false;
      try {
        return await work();
      } finally {
        recording = true;
      }
    },
  };
}
