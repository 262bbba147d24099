/** Tokens and sentences of English wire copy, with UTF-16 offsets into the text. */
export { tokenize, type Token } from './tokenize.ts';
export { sentences, sentenceTokenRanges, type Span } from './sentences.ts';
