// Prefixed random ids: readable in logs and URLs, and a support engineer can tell a survey id from a response id.
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Secrets (keys, session tokens): fresh bytes from the system's generator for each. */
export function randomToken(length: number): string {
  return encode(crypto.getRandomValues(new Uint8Array(length)));
}

function encode(bytes: Uint8Array): string {
  let out = '';
  // 62 does not divide 256; the bias (under 2%) is irrelevant for ids and keys of this length.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

// Ids take their bytes from a pool filled 4 KiB at a time: one call into the generator per ~200 ids rather
// than one per id (storing an answer makes up to seven, and the calls were 3 % of its CPU). Ids are not secrets.
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let used = 0;

function pooledBytes(length: number): Uint8Array {
  if (used + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  used += length;
  return pool.subarray(used - length, used);
}

export type IdPrefix = 'prj' | 'key' | 'srv' | 'per' | 'rsp' | 'usr' | 'fup' | 'fev' | 'rul' | 'whk' | 'evt' | 'dlv' | 'thm' | 'lnk' | 'dis' | 'inv' | 'uns' | 'seg' | 'gol';

export const newId = (prefix: IdPrefix) => `${prefix}_${encode(pooledBytes(20))}`;
