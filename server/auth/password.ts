// Password hashing with WebCrypto PBKDF2-SHA-256: the same code runs on Node and on Workers, with no
// native module. Today's guidance for PBKDF2-SHA-256 is 600,000 iterations, but Cloudflare Workers refuse a
// single PBKDF2 call above 100,000 ("iteration counts above 100000 are not supported"; workerd#1346; local
// `wrangler dev` does not enforce it). So the work is done in rounds of at most 100,000, each round's output
// the next round's password: 600,000 iterations of work a guesser cannot shortcut, verifiable on both
// runtimes (a Node start creates the first account that a Worker later signs in). Each hash names its scheme
// and count, and a weaker stored hash is replaced on the next successful sign-in.
//
//   pbkdf2-sha256$<n>$<salt>$<hash>            one PBKDF2 call (the old 100,000 hashes; still verified)
//   pbkdf2-sha256-rounds$<n>$<salt>$<hash>     n iterations in rounds of ROUND_ITERATIONS (written now)

const SINGLE = 'pbkdf2-sha256';
const ROUNDS = 'pbkdf2-sha256-rounds';
export const PASSWORD_ITERATIONS = 600_000;
/** The most one WebCrypto PBKDF2 call may do on Cloudflare Workers. */
export const ROUND_ITERATIONS = 100_000;
/** Stored counts above this are refused rather than run: a hash is data, not a licence to burn CPU. */
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

async function pbkdf2(secret: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const material = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, HASH_BITS);
  return new Uint8Array(bits);
}

async function derive(scheme: string, password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  let secret = new TextEncoder().encode(password.normalize('NFC'));
  if (scheme === SINGLE) return pbkdf2(secret, salt, iterations);
  for (let left = iterations; left > 0; left -= ROUND_ITERATIONS) {
    secret = await pbkdf2(secret, salt, Math.min(left, ROUND_ITERATIONS));
  }
  return secret;
}

/** "pbkdf2-sha256-rounds$600000$<salt>$<hash>", base64: self-describing, so parameters can change without a migration. */
export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(ROUNDS, password, salt, iterations);
  return `${ROUNDS}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

function parseHash(stored: string) {
  const [scheme, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (scheme !== SINGLE && scheme !== ROUNDS) return null;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS || !saltText || !hashText) return null;
  // A single call above the Workers' cap would fail there; such hashes are never written, so refuse them anywhere.
  if (scheme === SINGLE && iterations > ROUND_ITERATIONS) return null;
  return { scheme, iterations, saltText, hashText };
}

/** Compares in constant time over the derived bytes, so timing tells an attacker nothing about near misses. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const expected = fromBase64(parsed.hashText);
  const actual = await derive(parsed.scheme, password, fromBase64(parsed.saltText), parsed.iterations);
  if (actual.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ expected[i]!;
  return difference === 0;
}

/** True when the stored hash is weaker than what hashPassword writes now (checked after a successful verify). */
export function needsRehash(stored: string, iterations = PASSWORD_ITERATIONS): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.scheme !== ROUNDS || parsed.iterations < iterations;
}

/** A password verification that always costs the same, for unknown emails: no user enumeration by timing. */
const dummyHashes = new Map<number, Promise<string>>();
export async function burnPasswordCheck(password: string, iterations = PASSWORD_ITERATIONS): Promise<void> {
  let dummy = dummyHashes.get(iterations);
  if (!dummy) dummyHashes.set(iterations, (dummy = hashPassword('kizuna-dummy-password', iterations)));
  await verifyPassword(password, await dummy);
}

export const MIN_PASSWORD_LENGTH = 10;
