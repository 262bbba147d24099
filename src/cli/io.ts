import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { capMessage } from '../errors.ts';

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
export async function writeOut(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Reads a whole readable stream (stdin, say) as bytes. */
export async function readAllBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The code and message of any thrown value, for one-line reports; the message capped in length. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'error', message: capMessage(err.message) };
  }
  return { code: 'error', message: capMessage(String(err)) };
}
