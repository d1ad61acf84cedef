// Secrets the server must read back in clear (webhook signing secrets, the link-signing secret) are sealed
// with AES-256-GCM under KIZUNA_ENCRYPTION_KEY when one is set. WebCrypto only, so Node and Workers share it.
//
// A sealed value reads `enc:v1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`; anything else is a plain value
// from before a key was set (or from an instance without one). Both kinds coexist: open() reads either, and
// callers re-seal plain values lazily when they meet them. The key id names which key sealed a value, so a
// new key can be introduced while values sealed under the previous one stay readable until re-sealed.
// The caller's context (say "webhook_endpoints.secret:whk_…") is bound in as additional authenticated data:
// a sealed value copied into another row or column does not open there.

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export class SecretBoxError extends Error {}

export type SecretBox = {
  /** True when new values are sealed (a current key is set). */
  readonly sealing: boolean;
  /** Seals with the current key; returns the value unchanged when no key is set. */
  seal(plain: string, context: string): Promise<string>;
  /** The clear value of a stored one, sealed or plain. Throws SecretBoxError when no configured key opens it. */
  open(stored: string, context: string): Promise<string>;
  /** Whether a stored value should be re-sealed: plain while a key is set, or sealed under a previous key. */
  needsResealing(stored: string): Promise<boolean>;
};

const isSealed = (stored: string) => stored.startsWith(PREFIX);

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

const toBase64Url = (bytes: Uint8Array) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** 32 bytes, as 64 hex digits or base64 (`openssl rand -base64 32`). Throws with the variable's name otherwise. */
export function parseEncryptionKey(text: string, name = 'KIZUNA_ENCRYPTION_KEY'): Uint8Array<ArrayBuffer> {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Uint8Array.from(trimmed.match(/../g)!, (h) => parseInt(h, 16))
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? fromBase64(trimmed)
      : null;
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw new Error(`${name} must be 32 random bytes, as base64 or 64 hex digits (generate one with: openssl rand -base64 32).`);
  }
  return bytes;
}

type LoadedKey = { id: string; key: CryptoKey };

// Importing and hashing a key is async; the same key text always gives the same result, so once per process.
const loaded = new Map<string, Promise<LoadedKey>>();

function loadKey(text: string): Promise<LoadedKey> {
  let key = loaded.get(text);
  if (!key) {
    const raw = parseEncryptionKey(text);
    key = (async () => {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
      const id = Array.from(digest.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
      return { id, key: await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']) };
    })();
    loaded.set(text, key);
  }
  return key;
}


/**
 * current: the key new values are sealed with (null: values are stored plain, as before encryption existed).
 * previous: keys that only open values, during a rotation or when turning encryption off again.
 */
export function createSecretBox(keys: { current: string | null; previous?: string[] }): SecretBox {
  const current = keys.current ? loadKey(keys.current) : null;
  const all = Promise.all([...(keys.current ? [keys.current] : []), ...(keys.previous ?? [])].map(loadKey));

  return {
    sealing: current !== null,
    async seal(plain, context) {
      if (!current) return plain;
      const { id, key } = await current;
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, key, new TextEncoder().encode(plain)),
      );
      const out = new Uint8Array(IV_BYTES + sealed.length);
      out.set(iv);
      out.set(sealed, IV_BYTES);
      return `${PREFIX}${id}:${toBase64Url(out)}`;
    },
    async open(stored, context) {
      if (!isSealed(stored)) return stored;
      const [id, payload] = stored.slice(PREFIX.length).split(':');
      const match = (await all).find((k) => k.id === id);
      if (!match) {
        throw new SecretBoxError(
          `A stored secret is encrypted with key ${id}, which is not configured (KIZUNA_ENCRYPTION_KEY or KIZUNA_ENCRYPTION_KEY_PREVIOUS).`,
        );
      }
      const bytes = fromBase64(payload ?? '');
      if (!bytes || bytes.length <= IV_BYTES) throw new SecretBoxError('A stored secret is damaged: it cannot be decoded.');
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: new TextEncoder().encode(context) },
          match.key,
          bytes.slice(IV_BYTES),
        );
        return new TextDecoder().decode(plain);
      } catch {
        throw new SecretBoxError('A stored secret does not decrypt: it was altered or belongs to another record.');
      }
    },
    async needsResealing(stored) {
      if (!current) return isSealed(stored); // encryption turned off: previous keys open values, they go back to plain
      if (!isSealed(stored)) return true;
      return stored.slice(PREFIX.length).split(':')[0] !== (await current).id;
    },
  };
}

/** No key: values are stored and read plain, exactly as before encryption at rest existed. */
export const plainSecretBox = createSecretBox({ current: null });
