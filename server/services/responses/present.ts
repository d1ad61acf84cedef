import type { responses } from '../../../db/schema';

export type ResponseRow = typeof responses.$inferSelect;

/** The API's view of a stored answer: everything but the tenant column. */
export function presentResponse({ projectId: _project, ...response }: ResponseRow) {
  return response;
}
export type ResponseView = ReturnType<typeof presentResponse>;
