import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
export async function writeOut(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Reads a whole readable stream (stdin, say) as UTF-8. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The code and message of any thrown value, for one-line reports. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'error', message: err.message };
  }
  return { code: 'error', message: String(err) };
}
