import { readFileSync } from 'node:fs';

export interface LabelledStory {
  text: string;
  gold: Array<{ type: string; start: number; end: number; text: string }>;
}

/** test/fixtures/entities/stories.txt: `[TYPE words]` markup, stories separated by `---`. */
export function readLabelledStories(): LabelledStory[] {
  const raw = readFileSync(new URL('../../fixtures/entities/stories.txt', import.meta.url), 'utf8');
  const body = raw.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  return body.split(/^---$/m).map((chunk) => {
    const src = chunk.trim();
    let text = '';
    const gold: LabelledStory['gold'] = [];
    const re = /\[(PER|ORG|LOC|MISC) ([^\]]+)\]/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) {
      text += src.slice(last, m.index);
      const start = text.length;
      text += m[2];
      gold.push({ type: m[1]!, start, end: text.length, text: m[2]! });
      last = m.index + m[0].length;
    }
    text += src.slice(last);
    return { text, gold };
  });
}
