import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { instanceSettings } from '../../../db/schema';
import type { SecretBox } from '../../crypto/secret-box';
import { randomToken } from '../../ids';

// Score links are capabilities: whoever holds one may answer for that person.
// Each link carries an HMAC of (send id, score, expiry) under a secret generated
// once per instance, so links cannot be made up, edited to another send, score
// or expiry, or re-pointed at another person or survey (both are fixed by the send).
//
// Links minted before expiry existed carry an HMAC of (send id, score) only
// ("legacy"); they still verify, and the caller gives them the expiry a new link
// would have had, counted from the send's creation.

export const LINK_SECRET_SETTING = 'link_signing_secret';
const SECRET_CONTEXT = `instance_settings.${LINK_SECRET_SETTING}`;

const secrets = new WeakMap<SecretBox, WeakMap<Database, Promise<CryptoKey>>>();

async function loadSecret(db: Database, box: SecretBox): Promise<CryptoKey> {
  await db
    .insert(instanceSettings)
    .values({ key: LINK_SECRET_SETTING, value: await box.seal(randomToken(48), SECRET_CONTEXT) })
    .onConflictDoNothing();
  // Whoever inserted first, every process reads the same stored secret.
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, LINK_SECRET_SETTING));
  const plain = await box.open(row!.value, SECRET_CONTEXT);
  if (await box.needsResealing(row!.value)) {
    // Stored before the key was set (or under a previous key): sealed now. The condition on the old value
    // lets two processes doing this at once both succeed with one of their (equivalent) sealed values.
    await db
      .update(instanceSettings)
      .set({ value: await box.seal(plain, SECRET_CONTEXT) })
      .where(and(eq(instanceSettings.key, LINK_SECRET_SETTING), eq(instanceSettings.value, row!.value)));
  }
  return crypto.subtle.importKey('raw', new TextEncoder().encode(plain), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export function linkSecret(db: Database, box: SecretBox): Promise<CryptoKey> {
  let perDb = secrets.get(box);
  if (!perDb) secrets.set(box, (perDb = new WeakMap()));
  let secret = perDb.get(db);
  if (!secret) {
    secret = loadSecret(db, box);
    perDb.set(db, secret);
    secret.catch(() => perDb.delete(db));
  }
  return secret;
}

/** Expiry in whole seconds since the epoch; null for a legacy link, signed without one. */
export type LinkExpiry = number | null;

const message = (sendId: string, score: number, expiresAt: LinkExpiry) =>
  new TextEncoder().encode(expiresAt === null ? `kizuna-link:v1:${sendId}:${score}` : `kizuna-link:v2:${sendId}:${score}:${expiresAt}`);

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** 128 bits of the HMAC: plenty against guessing, and keeps eleven URLs in an email short. */
export async function signLink(secret: CryptoKey, sendId: string, score: number, expiresAt: LinkExpiry): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', secret, message(sendId, score, expiresAt)));
  return toBase64Url(mac.slice(0, 16));
}

/** Constant-time comparison so the signature cannot be found byte by byte from response times. */
export async function verifyLink(secret: CryptoKey, sendId: string, score: number, expiresAt: LinkExpiry, signature: string): Promise<boolean> {
  const expected = await signLink(secret, sendId, score, expiresAt);
  if (expected.length !== signature.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return diff === 0;
}

/**
 * The last path segment of a score link: `<expiry, base 36 seconds>.<signature>`, or the bare signature of a
 * legacy link. The dot is outside base64url, so the two never mix up.
 */
export const linkToken = (expiresAt: LinkExpiry, signature: string) =>
  expiresAt === null ? signature : `${expiresAt.toString(36)}.${signature}`;

export function parseLinkToken(token: string): { expiresAt: LinkExpiry; signature: string } | null {
  const dot = token.indexOf('.');
  if (dot === -1) return { expiresAt: null, signature: token };
  const expiry = token.slice(0, dot);
  if (!/^[0-9a-z]{1,10}$/.test(expiry)) return null;
  return { expiresAt: parseInt(expiry, 36), signature: token.slice(dot + 1) };
}
