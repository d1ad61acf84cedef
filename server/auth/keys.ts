import { randomToken } from '../ids';

export type KeyKind = 'secret' | 'publishable';

const prefixOf: Record<KeyKind, string> = { secret: 'sk_', publishable: 'pk_' };

/** A new key in clear text: shown once to its creator, stored only as a hash. */
export function generateApiKey(kind: KeyKind): string {
  return `${prefixOf[kind]}${randomToken(32)}`;
}

export function kindOfKey(key: string): KeyKind | null {
  if (key.startsWith('sk_')) return 'secret';
  if (key.startsWith('pk_')) return 'publishable';
  return null;
}

/**
 * SHA-256 is the right hash for API keys (unlike passwords): they are long random strings, so
 * there is nothing to brute-force, and a fast hash keeps every request's key lookup cheap.
 */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What we show to tell keys apart: "sk_AbC1…" */
export const displayPrefix = (key: string) => key.slice(0, 7);
