import { useEffect, useState } from 'preact/hooks';

export type Page<Row> = { data: Row[]; nextCursor: string | null };

/**
 * "Load more" under a list whose first page comes from a query: the rows of the pages after it, fetched on
 * demand with `fetchPage(cursor)`, and forgotten whenever the first page changes (new filters, a reload).
 * `nextCursor` is null once there is nothing more to load.
 */
export function useLoadMore<Row>(first: Page<Row> | undefined, fetchPage: (cursor: string) => Promise<Page<Row>>) {
  const [more, setMore] = useState<{ rows: Row[]; cursor: string | null }>({ rows: [], cursor: null });
  useEffect(() => setMore({ rows: [], cursor: null }), [first]);
  // cursor null: nothing loaded yet, so the first page's cursor applies; '' marks the end.
  const nextCursor = more.cursor === null ? (first?.nextCursor ?? null) : more.cursor || null;
  const loadMore = async () => {
    if (!nextCursor) return;
    const next = await fetchPage(nextCursor);
    setMore({ rows: [...more.rows, ...next.data], cursor: next.nextCursor ?? '' });
  };
  return { rows: more.rows, nextCursor, loadMore };
}
