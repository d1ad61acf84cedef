// Prefixed random ids: readable in logs and URLs, and a support engineer can tell a survey id from a response id.
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function randomToken(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 62 does not divide 256; the bias (under 2%) is irrelevant for ids and keys of this length.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export type IdPrefix = 'prj' | 'key' | 'srv' | 'per' | 'rsp' | 'usr' | 'fup' | 'fev' | 'rul' | 'whk' | 'evt' | 'dlv' | 'thm' | 'lnk' | 'dis';

export const newId = (prefix: IdPrefix) => `${prefix}_${randomToken(20)}`;
