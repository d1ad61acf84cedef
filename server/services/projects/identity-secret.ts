import { eq } from 'drizzle-orm';
import { projects } from '../../../db/schema';
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

export async function readIdentitySecret(ctx: ProjectCtx): Promise<string> {
  const [row] = await ctx.db.select({ secret: projects.identitySecret }).from(projects).where(eq(projects.id, ctx.projectId));
  if (!row) throw notFound('Project');
  return row.secret;
}

/** A new secret at once: signatures made with the old one stop counting with the next call. */
export async function rotateIdentitySecret(ctx: ProjectCtx): Promise<string> {
  const [row] = await ctx.db
    .update(projects)
    .set({ identitySecret: newIdentitySecret() })
    .where(eq(projects.id, ctx.projectId))
    .returning({ secret: projects.identitySecret });
  if (!row) throw notFound('Project');
  return row.secret;
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
  const expected = await signPersonId(await readIdentitySecret(ctx), personId);
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
