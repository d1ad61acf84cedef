// Idempotency keys and the anonymous visitor's id are made in the browser, so a retried answer is recognised
// by the server: 128 random bits as hex. getRandomValues works on plain-http pages too (crypto.randomUUID only
// exists in secure contexts), and the server needs no particular format.

export function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
}
