import { and, desc, eq, isNull } from 'drizzle-orm';
import { webhookEndpoints, type WebhookEventType } from '../../../db/schema';
import { ApiError, notFound } from '../../errors';
import { newId } from '../../ids';
import { generateWebhookSecret } from '../../webhooks/signing';
import { checkTargetUrl } from '../../webhooks/target-safety';
import { SecretBoxError, type SecretBox } from '../../crypto/secret-box';
import type { ProjectCtx } from '../context';
import { decodeCursor, olderThan, pageOf } from '../pagination';
import type { WebhookFilters } from './filters';
import { presentEndpoint } from './present';
import { openEndpointSecrets, sealEndpointSecret } from './secrets';

export type EndpointInput = {
  url: string;
  description?: string | null;
  events: WebhookEventType[];
  filters?: WebhookFilters;
  format?: 'json' | 'slack' | 'delighted';
  enabled?: boolean;
};

/** Targets are re-checked on their resolved address at every delivery; this refuses the obvious ones early. */
function assertTarget(url: string, allowPrivate: boolean) {
  const verdict = checkTargetUrl(url, allowPrivate);
  if (!verdict.ok) throw new ApiError('validation_failed', 'This URL cannot receive webhooks.', [{ path: 'url', message: verdict.reason, code: 'unsafe_target' }]);
}

/** Delighted's receivers know only its survey_response events: a "delighted" endpoint gets the answer events alone. */
function assertFormatFits(format: EndpointInput['format'], events: WebhookEventType[]) {
  if (format !== 'delighted') return;
  const others = events.filter((event) => event !== 'response.created' && event !== 'response.updated');
  if (others.length > 0) {
    throw new ApiError('validation_failed', 'The request body is not valid.', [
      { path: 'events', message: `The "delighted" format sends response.created and response.updated only, not ${others.join(', ')}.`, code: 'format_mismatch' },
    ]);
  }
}

export async function createEndpoint(ctx: ProjectCtx, input: EndpointInput, options: { allowPrivate: boolean; secretBox: SecretBox }) {
  assertTarget(input.url, options.allowPrivate);
  assertFormatFits(input.format, input.events);
  const now = ctx.clock.now();
  const id = newId('whk');
  const secret = generateWebhookSecret();
  const [row] = await ctx.db
    .insert(webhookEndpoints)
    .values({
      id,
      projectId: ctx.projectId,
      url: input.url,
      description: input.description ?? null,
      events: [...new Set(input.events)],
      filters: input.filters ?? {},
      format: input.format ?? 'json',
      secret: await sealEndpointSecret(options.secretBox, id, secret),
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  // The only reply that carries the secret besides the explicit reveal route.
  return { ...presentEndpoint(row!), secret };
}

export async function findEndpoint(ctx: ProjectCtx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.projectId, ctx.projectId), isNull(webhookEndpoints.deletedAt)));
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

export async function getEndpoint(ctx: ProjectCtx, id: string) {
  return presentEndpoint(await findEndpoint(ctx, id));
}

export async function listEndpoints(ctx: ProjectCtx, page: { limit: number; cursor?: string }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.projectId, ctx.projectId),
        isNull(webhookEndpoints.deletedAt),
        olderThan(after, webhookEndpoints.createdAt, webhookEndpoints.id),
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(page.limit + 1);
  const { data, nextCursor } = pageOf(rows, page.limit);
  return { data: data.map(presentEndpoint), nextCursor };
}

export async function updateEndpoint(ctx: ProjectCtx, id: string, input: Partial<EndpointInput>, options: { allowPrivate: boolean }) {
  const existing = await findEndpoint(ctx, id);
  if (input.url !== undefined) assertTarget(input.url, options.allowPrivate);
  assertFormatFits(input.format ?? existing.format, input.events ?? existing.events);
  const now = ctx.clock.now();
  const reenabling = input.enabled === true && !existing.enabled;
  const [row] = await ctx.db
    .update(webhookEndpoints)
    .set({
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      ...(input.filters !== undefined ? { filters: input.filters } : {}),
      ...(input.format !== undefined ? { format: input.format } : {}),
      ...(input.enabled === false && existing.enabled ? { enabled: false, disabledAt: now, disabledReason: 'Disabled through the API.' } : {}),
      // Re-enabling starts from a clean slate: queued deliveries go out at once, in order.
      ...(reenabling ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null, backoffUntil: null } : {}),
      updatedAt: now,
    })
    .where(and(eq(webhookEndpoints.projectId, ctx.projectId), eq(webhookEndpoints.id, existing.id)))
    .returning();
  return presentEndpoint(row!);
}

/** Soft delete: the delivery log stays readable for support; nothing more is queued or sent. */
export async function deleteEndpoint(ctx: ProjectCtx, id: string) {
  const existing = await findEndpoint(ctx, id);
  const now = ctx.clock.now();
  await ctx.db
    .update(webhookEndpoints)
    .set({ deletedAt: now, enabled: false, updatedAt: now })
    .where(and(eq(webhookEndpoints.projectId, ctx.projectId), eq(webhookEndpoints.id, existing.id)));
  return { id: existing.id, deleted: true };
}

const unreadableSecret = () =>
  new ApiError(
    'conflict',
    'This endpoint’s signing secret is encrypted with a key this instance does not have (KIZUNA_ENCRYPTION_KEY); rotate the secret to get a new one.',
  );

export async function revealSecret(ctx: ProjectCtx, id: string, secretBox: SecretBox) {
  const row = await findEndpoint(ctx, id);
  const { secret, previousSecret } = await openEndpointSecrets(ctx.db, secretBox, row).catch((err: unknown) => {
    if (err instanceof SecretBoxError) throw unreadableSecret();
    throw err;
  });
  const overlapping = previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > ctx.clock.now();
  return {
    secret,
    previousSecret: overlapping ? previousSecret : null,
    previousSecretExpiresAt: overlapping ? row.previousSecretExpiresAt : null,
  };
}

/** A new secret signs from now on; the old one keeps signing alongside it for the overlap, then stops. */
export async function rotateSecret(ctx: ProjectCtx, id: string, overlapHours: number, secretBox: SecretBox) {
  const row = await findEndpoint(ctx, id);
  const now = ctx.clock.now();
  const secret = generateWebhookSecret();
  // The outgoing secret is re-sealed too, so a rotation also moves a plain (pre-key) value to sealed. One no
  // configured key opens (the key was lost) cannot keep signing: the rotation is then the way out, with no overlap.
  const outgoing = await openEndpointSecrets(ctx.db, secretBox, row).then(
    (open) => open.secret,
    (err: unknown) => {
      if (err instanceof SecretBoxError) return null;
      throw err;
    },
  );
  const [updated] = await ctx.db
    .update(webhookEndpoints)
    .set({
      secret: await sealEndpointSecret(secretBox, row.id, secret),
      previousSecret: overlapHours > 0 && outgoing !== null ? await sealEndpointSecret(secretBox, row.id, outgoing) : null,
      previousSecretExpiresAt: overlapHours > 0 && outgoing !== null ? new Date(now.getTime() + overlapHours * 3600_000) : null,
      updatedAt: now,
    })
    .where(and(eq(webhookEndpoints.projectId, ctx.projectId), eq(webhookEndpoints.id, row.id)))
    .returning();
  return { secret, previousSecretExpiresAt: updated!.previousSecretExpiresAt };
}
