// Idempotency keys are made in the browser so a retried answer is recognised
// by the server. crypto.randomUUID only exists in secure contexts (https,
// localhost); plain-http pages get the same v4 format from getRandomValues.

export function newId(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[i]! + 256).toString(16).slice(1);
  return hex;
}
