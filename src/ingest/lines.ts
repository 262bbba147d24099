import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a stream, split on LF only (a CR before the LF is dropped). A lone CR is part of
 * its line: `readline` would end a line there, and a JSON line holding one (as whitespace between
 * tokens, or raw inside a string) would become two lines, two outputs for one input.
 */
export async function* lfLines(stream: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      yield stripCr(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending) yield stripCr(pending);
}

const stripCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
