// Node only: reads a request body straight from Node's stream (see requestBody in body.ts for why).
import type { IncomingMessage } from 'node:http';
import { bodyTooLarge, type BodyReader } from './body';
import { ApiError } from './errors';

const utf8 = new TextDecoder(); // as Request.text() decodes: a leading byte order mark is dropped

export const readNodeBody: BodyReader = (env, maxBytes) => {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded) return null;
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (chunks.length > 0) {
        chunks.length = 0; // keep reading to the end, so the connection stays usable, but keep nothing
        reject(bodyTooLarge(maxBytes));
      }
    });
    incoming.on('end', () => (size <= maxBytes ? resolve(utf8.decode(Buffer.concat(chunks, size))) : undefined));
    incoming.on('aborted', () => reject(new ApiError('bad_request', 'The request body was cut off.')));
    incoming.on('error', () => reject(new ApiError('bad_request', 'The request body could not be read.')));
  });
};
