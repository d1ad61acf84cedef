import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { instanceSettings } from '../../../db/schema';
import { randomToken } from '../../ids';

// Score links are capabilities: whoever holds one may answer for that person.
// Each link carries an HMAC of (send id, score) under a secret generated once
// per instance, so links cannot be made up, edited to another send, or
// re-pointed at another person or survey (both are fixed by the send).

export const LINK_SECRET_SETTING = 'link_signing_secret';

const secrets = new WeakMap<Database, Promise<CryptoKey>>();

async function loadSecret(db: Database): Promise<CryptoKey> {
  await db
    .insert(instanceSettings)
    .values({ key: LINK_SECRET_SETTING, value: randomToken(48) })
    .onConflictDoNothing();
  // Whoever inserted first, every process reads the same stored secret.
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, LINK_SECRET_SETTING));
  return crypto.subtle.importKey('raw', new TextEncoder().encode(row!.value), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export function linkSecret(db: Database): Promise<CryptoKey> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = loadSecret(db);
    secrets.set(db, secret);
    secret.catch(() => secrets.delete(db));
  }
  return secret;
}

const message = (sendId: string, score: number) => new TextEncoder().encode(`kizuna-link:v1:${sendId}:${score}`);

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** 128 bits of the HMAC: plenty against guessing, and keeps eleven URLs in an email short. */
export async function signLink(secret: CryptoKey, sendId: string, score: number): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', secret, message(sendId, score)));
  return toBase64Url(mac.slice(0, 16));
}

/** Constant-time comparison so the signature cannot be found byte by byte from response times. */
export async function verifyLink(secret: CryptoKey, sendId: string, score: number, signature: string): Promise<boolean> {
  const expected = await signLink(secret, sendId, score);
  if (expected.length !== signature.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return diff === 0;
}
