import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { users } from './accounts';

/**
 * Dashboard sign-ins. A session belongs to a user, not to a project (the project is chosen per request with
 * X-Kizuna-Project and checked against memberships), so this table and `users` are the two without project_id.
 * The cookie carries a random token; only its SHA-256 is stored, so a database leak does not hand out sessions.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Synchronizer token: state-changing requests made with the cookie must echo it in X-Kizuna-CSRF. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Password-reset links sent by email: single use (used_at), one hour, and only the token's SHA-256 is stored, so a
 * database leak hands out no way into an account. Like sessions, these belong to a user, not to a project.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);
