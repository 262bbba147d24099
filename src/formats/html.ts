import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import type { XmlNode } from './xml.ts';

/**
 * HTML (and XHTML) to the story text the pipeline works on: one paragraph per block element,
 * paragraphs separated by a blank line, `<br>` a line break, tags gone, entities decoded, runs
 * of spaces inside a paragraph made one space. Scripts, styles and embedded media are dropped.
 */

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'main', 'nav', 'blockquote', 'pre', 'li', 'ul', 'ol',
  'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure',
  'figcaption', 'hr', 'address', 'caption', 'body', 'html', 'block', 'hl1', 'hl2', 'note', 'tagline', 'bq', 'fn',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'iframe', 'object', 'embed', 'svg', 'head', 'title', 'template', 'media', 'video', 'audio', 'picture', 'img']);

/** Collects text into paragraphs. */
class Paragraphs {
  private done: string[] = [];
  private current = '';
  text(s: string) {
    this.current += s;
  }
  lineBreak() {
    this.current += '\n';
  }
  breakParagraph() {
    const p = this.current
      .split('\n')
      .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (p) this.done.push(p);
    this.current = '';
  }
  result(): string {
    this.breakParagraph();
    return this.done.join('\n\n');
  }
}

/** An HTML fragment or document as clean text paragraphs. */
export function htmlToText(html: string): string {
  const out = new Paragraphs();
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipping++;
        else if (name === 'br') out.lineBreak();
        else if (BLOCK.has(name)) out.breakParagraph();
      },
      ontext(text) {
        if (!skipping) out.text(text);
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) out.breakParagraph();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out.result();
}

/** Inline XML markup (NITF `body.content`, a NewsML-G2 XHTML body, Atom xhtml) as clean text paragraphs. */
export function xmlToText(nodes: readonly (XmlNode | string)[]): string {
  const out = new Paragraphs();
  const walk = (list: readonly (XmlNode | string)[]) => {
    for (const n of list) {
      if (typeof n === 'string') {
        out.text(n);
        continue;
      }
      const name = n.name.toLowerCase();
      if (SKIP.has(name)) continue;
      if (name === 'br') {
        out.lineBreak();
        continue;
      }
      const block = BLOCK.has(name);
      if (block) out.breakParagraph();
      walk(n.children);
      if (block) out.breakParagraph();
    }
  };
  walk(nodes);
  return out.result();
}

/** Plain text (ninjs `body_text`, RSS text) with its paragraphs kept and spaces tidied. */
export function plainToText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.split('\n').map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim()).filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n');
}


/** A value that may be HTML or plain text, as text. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?(?:p|br|div|span|a|b|i|em|strong|ul|li|h\d)\b[^>]*>/i.test(s);
}
