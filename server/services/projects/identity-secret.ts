import { and, eq } from 'drizzle-orm';
import { projects } from '../../../db/schema';
import { plainSecretBox, SecretBoxError } from '../../crypto/secret-box';
import { ApiError } from '../../errors';
import { notFound } from '../../errors';
import type { ProjectCtx } from '../context';

// Identity verification (the idea of Intercom's user hash): the customer's server signs the person id with
// the project's identity secret, and the browser passes the signature along with the person. Only such a
// call may change what is stored about a person when it comes with the publishable key, which anyone can
// read from the page.

/** `idn_` and 64 hex digits: 256 bits from the system's generator (new projects get theirs from the database). */
export function newIdentitySecret(): string {
  return `idn_${toHex(crypto.getRandomValues(new Uint8Array(32)))}`;
}

// Stored sealed when KIZUNA_ENCRYPTION_KEY is set, like webhook secrets (server/crypto/secret-box.ts). A
// project's secret made by the database's default, or stored before a key was set, is sealed when first read.
const contextOf = (projectId: string) => `projects.identity_secret:${projectId}`;

export async function readIdentitySecret(ctx: ProjectCtx): Promise<string> {
  const box = ctx.secretBox ?? plainSecretBox;
  const [row] = await ctx.db.select({ secret: projects.identitySecret }).from(projects).where(eq(projects.id, ctx.projectId));
  if (!row) throw notFound('Project');
  const context = contextOf(ctx.projectId);
  const secret = await box.open(row.secret, context).catch((err: unknown) => {
    if (err instanceof SecretBoxError) {
      throw new ApiError('conflict', 'The identity secret cannot be read with the configured KIZUNA_ENCRYPTION_KEY; rotate it to issue a new one.');
    }
    throw err;
  });
  if (await box.needsResealing(row.secret)) {
    await ctx.db
      .update(projects)
      .set({ identitySecret: await box.seal(secret, context) })
      .where(and(eq(projects.id, ctx.projectId), eq(projects.identitySecret, row.secret)));
  }
  return secret;
}

/** A new secret at once: signatures made with the old one stop counting with the next call. */
export async function rotateIdentitySecret(ctx: ProjectCtx): Promise<string> {
  const secret = newIdentitySecret();
  const stored = await (ctx.secretBox ?? plainSecretBox).seal(secret, contextOf(ctx.projectId));
  const [row] = await ctx.db.update(projects).set({ identitySecret: stored }).where(eq(projects.id, ctx.projectId)).returning({ id: projects.id });
  if (!row) throw notFound('Project');
  return secret;
}

/** Hex HMAC-SHA256 of the person id (UTF-8) under the secret as shown, `idn_` included. */
export async function signPersonId(secret: string, personId: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(personId))));
}

/**
 * Whether the signature proves the person id, read against the secret stored now (not a cached one, so a
 * rotation takes effect on the next call). Compared in constant time so it cannot be found digit by digit.
 */
export async function personSignatureValid(ctx: ProjectCtx, personId: string, signature: string): Promise<boolean> {
  // A secret that cannot be opened (the encryption key was lost) proves nothing; the answer is still stored.
  const secret = await readIdentitySecret(ctx).catch((err: unknown) => {
    if (err instanceof ApiError) return null;
    throw err;
  });
  if (secret === null) return false;
  const expected = await signPersonId(secret, personId);
  const given = signature.toLowerCase();
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
