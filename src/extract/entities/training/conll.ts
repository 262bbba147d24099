import { readFileSync } from 'node:fs';

export interface ConllSentence {
  words: string[];
  tags: string[];
}
export interface ConllDoc {
  sentences: ConllSentence[];
}

/** A CoNLL-2003 file: `-DOCSTART-` between stories, blank lines between sentences, NER tag last. */
export function readConll(path: string): ConllDoc[] {
  const docs: ConllDoc[] = [];
  let doc: ConllDoc | null = null;
  let sent: ConllSentence = { words: [], tags: [] };
  const flush = () => {
    if (sent.words.length) {
      if (!doc) docs.push((doc = { sentences: [] }));
      doc.sentences.push(sent);
    }
    sent = { words: [], tags: [] };
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('-DOCSTART-')) {
      flush();
      docs.push((doc = { sentences: [] }));
      continue;
    }
    if (!line.trim()) { flush(); continue; }
    const cols = line.split(' ');
    sent.words.push(cols[0]!);
    sent.tags.push(cols[cols.length - 1]!);
  }
  flush();
  return docs.filter((d) => d.sentences.length);
}
