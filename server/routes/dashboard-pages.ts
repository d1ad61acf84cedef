// The dashboard's pages, listed once: the server answers each with the dashboard's index.html, and the
// dashboard renders them (its bundle imports this file, so it imports nothing).

/** A project's pages, in the order of the dashboard's navigation (pages with a parameter are not in it). */
export const PROJECT_PAGES = [
  '/overview',
  '/responses',
  '/people/:id',
  '/at-risk',
  '/followups',
  '/themes',
  '/surveys',
  '/surveys/:id',
  '/webhooks',
  '/settings',
] as const;

export type ProjectPage = (typeof PROJECT_PAGES)[number];

/** Every page the dashboard has: sign-in and invitations, then a project's pages. */
export const DASHBOARD_PAGES = ['/', '/login', '/invite/:token', ...PROJECT_PAGES] as const;
