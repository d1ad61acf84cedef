import { and, eq, isNull } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { apiKeys, instanceSettings, projects } from '../../db/schema';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import type { AuthContext } from './context';
import { hashKey, kindOfKey } from './keys';
import { authenticateSession, hasSessionCookie } from './session-auth';

export const ADMIN_KEY_SETTING = 'admin_key_hash';

type Allowed = AuthContext['kind'];

const needs: Record<string, string> = {
  admin: 'the instance admin key',
  secret: 'a secret key (sk_…)',
  publishable: 'a publishable key (pk_…)',
};

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export async function resolveKey(c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0], key: string) {
  const { db, config, keyCache, clock } = c.var.deps;
  const kind = kindOfKey(key);
  if (kind) {
    const now = clock.now().getTime();
    // Looked up by the key itself, which this process holds during the request anyway: a hit costs no digest.
    const cached = keyCache?.get(key, now);
    if (cached) return cached;
    const hash = await hashKey(key);
    const [row] = await db
      .select({ id: apiKeys.id, projectId: apiKeys.projectId, kind: apiKeys.kind, allowedOrigins: projects.allowedOrigins })
      .from(apiKeys)
      .innerJoin(projects, eq(projects.id, apiKeys.projectId))
      .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (!row) return null;
    const auth = { kind: row.kind, projectId: row.projectId, keyId: row.id, allowedOrigins: row.allowedOrigins } satisfies AuthContext;
    keyCache?.set(key, auth, now);
    return auth;
  }
  const hash = await hashKey(key);
  let adminHash = config.adminKeyHash;
  if (!adminHash) {
    const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, ADMIN_KEY_SETTING));
    adminHash = row?.value ?? null;
  }
  return adminHash !== null && adminHash === hash ? ({ kind: 'admin' } satisfies AuthContext) : null;
}

/** Authenticates the bearer key and lets through only the kinds of caller a route allows. */
export function requireKey(...allowed: Allowed[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = bearerToken(c.req.header('authorization'));
    if (!key && allowed.includes('secret') && hasSessionCookie(c)) {
      c.set('auth', await authenticateSession(c));
      return next();
    }
    if (!key) throw new ApiError('unauthorized', 'Missing API key: send "Authorization: Bearer <key>".');
    c.set('auth', await authorizeKey(c, key, allowed));
    await next();
  });
}

/**
 * The publishable key in the query string (`?key=pk_…`), for the widget's public GETs: a request without an
 * Authorization header is a "simple" cross-origin request (no preflight), and a URL that names the project is
 * one a browser or CDN can cache. Only the publishable key, which is public anyway: a secret key in a URL
 * would end up in logs and caches.
 */
export function requirePublishableKeyInQuery() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.query('key');
    if (!key) throw new ApiError('unauthorized', 'Missing key: send the publishable key as ?key=pk_….');
    c.set('auth', await authorizeKey(c, key, ['publishable']));
    await next();
  });
}

async function authorizeKey(c: Parameters<typeof resolveKey>[0], key: string, allowed: Allowed[]): Promise<AuthContext> {
  const auth = await resolveKey(c, key);
  if (!auth) throw new ApiError('unauthorized', 'Invalid or revoked API key.');
  if (!allowed.includes(auth.kind)) {
    throw new ApiError('forbidden', `This route needs ${allowed.map((k) => needs[k]).join(' or ')}.`);
  }
  if (auth.kind === 'publishable' && auth.allowedOrigins.length > 0) {
    const origin = c.req.header('origin');
    if (!origin || !auth.allowedOrigins.includes(origin)) {
      throw new ApiError('forbidden', 'This publishable key is not allowed from this origin.', { origin: origin ?? null });
    }
  }
  return auth;
}

/** The project of a project-scoped caller. Routes behind requireKey('secret' | 'publishable') call this. */
export function projectIdOf(auth: AuthContext): string {
  if (auth.kind === 'admin') throw new ApiError('forbidden', 'The admin key manages projects; use a project key here.');
  return auth.projectId;
}
