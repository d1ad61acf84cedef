import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../../db/schema';
import { displayPrefix, generateApiKey, hashKey, type KeyKind } from '../../auth/keys';
import { ApiError, notFound } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';

const publicColumns = {
  id: apiKeys.id,
  kind: apiKeys.kind,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
};

export async function listKeys(ctx: ProjectCtx) {
  return ctx.db
    .select(publicColumns)
    .from(apiKeys)
    .where(eq(apiKeys.projectId, ctx.projectId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/** The clear-text key is in this reply and nowhere else, ever. */
export async function createKey(ctx: ProjectCtx, input: { kind: KeyKind; name?: string }) {
  const key = generateApiKey(input.kind);
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({
      id: newId('key'),
      projectId: ctx.projectId,
      kind: input.kind,
      name: input.name ?? null,
      hash: await hashKey(key),
      prefix: displayPrefix(key),
    })
    .returning(publicColumns);
  return { ...row!, key };
}

/** Revoking is permanent. The caller cannot revoke the key it is using, so nobody locks themselves out by accident. */
export async function revokeKey(ctx: ProjectCtx, keyId: string, callerKeyId: string | null) {
  if (keyId === callerKeyId) throw new ApiError('conflict', 'You cannot revoke the key this request is using.').because('revoke_own_key');
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.projectId, ctx.projectId), isNull(apiKeys.revokedAt)))
    .returning(publicColumns);
  if (!row) throw notFound('API key');
  return row;
}
