import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { instanceSettings } from '../../../db/schema';
import { hashKey } from '../../auth/keys';
import { ADMIN_KEY_SETTING } from '../../auth/middleware';
import { randomToken } from '../../ids';

export const MIN_ADMIN_KEY_LENGTH = 32;

/**
 * Makes sure the instance has an admin key. With KIZUNA_ADMIN_KEY set, that key is used and nothing is stored.
 * Otherwise the first start generates one, stores its hash and returns the clear key once, to be printed.
 */
export async function ensureAdminKey(
  db: Database,
  configuredKey: string | undefined,
): Promise<{ adminKeyHash: string | null; generatedKey: string | null }> {
  if (configuredKey !== undefined && configuredKey !== '') {
    if (configuredKey.length < MIN_ADMIN_KEY_LENGTH) {
      throw new Error(`KIZUNA_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters long.`);
    }
    return { adminKeyHash: await hashKey(configuredKey), generatedKey: null };
  }
  const [stored] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, ADMIN_KEY_SETTING));
  if (stored) return { adminKeyHash: null, generatedKey: null };
  const key = `kz_admin_${randomToken(40)}`;
  const inserted = await db
    .insert(instanceSettings)
    .values({ key: ADMIN_KEY_SETTING, value: await hashKey(key) })
    .onConflictDoNothing()
    .returning();
  // Two processes starting at once: only the one whose insert won prints a key.
  return { adminKeyHash: null, generatedKey: inserted.length > 0 ? key : null };
}
