import { wellFormedXml, type XmlFault } from './xml.ts';

/**
 * A feed that is not well-formed as a whole, cut by its text into one-item documents, so that
 * one broken item never sinks the others: each piece is the feed's head (root, channel, its
 * title and language), one `<item>` or `<entry>` as written, and the feed's tail (the closing
 * tags). An item whose closing tag never comes runs to the next item's opening tag; its piece
 * is then not well-formed and is refused on its own.
 */

export interface FeedPiece {
  /** The item's position in the feed, from 0. */
  index: number;
  /** The line of the feed on which the item opens. */
  line: number;
  xml: string;
}

const ITEM_TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?(item|entry)(?=[\s>/])[^>]*>/g;

/** The feed's items as one-item documents; null when no `<item>` or `<entry>` is found. */
export function feedPieces(xml: string): FeedPiece[] | null {
  const spans: { start: number; end: number }[] = [];
  let open: number | null = null;
  for (const m of xml.matchAll(ITEM_TAG)) {
    const at = m.index;
    if (!m[1]) {
      if (m[0].endsWith('/>')) continue;
      if (open !== null) spans.push({ start: open, end: at }); // never closed: up to the next item
      open = at;
    } else if (open !== null) {
      spans.push({ start: open, end: at + m[0].length });
      open = null;
    }
  }
  if (open !== null) {
    // The last item never closed: up to the feed's closing tags.
    const tail = /<\/(?:[A-Za-z_][\w.-]*:)?(?:channel|rss|RDF|feed)\s*>/.exec(xml.slice(open));
    spans.push({ start: open, end: tail ? open + tail.index : xml.length });
  }
  if (!spans.length) return null;
  const head = xml.slice(0, spans[0]!.start);
  const tail = xml.slice(spans[spans.length - 1]!.end);
  let line = 1;
  let counted = 0;
  return spans.map((span, index) => {
    for (let i = counted; i < span.start; i++) if (xml.charCodeAt(i) === 10) line++;
    counted = span.start;
    return { index, line, xml: head + xml.slice(span.start, span.end) + tail };
  });
}

const MARKUP_OPEN = /<((?:[A-Za-z_][\w.-]*:)?(?:description|encoded|summary|content))(\s[^>]*)?>/g;

/**
 * Story markup that breaks the XML around it (`<description><p>one<p>two</description>`) made
 * text: the inside of each description, content:encoded, summary or content element not
 * already CDATA is wrapped in CDATA, where the readers take it as HTML.
 */
export function markupAsCdata(xml: string): string {
  let out = '';
  let from = 0;
  for (const m of xml.matchAll(MARKUP_OPEN)) {
    if (m.index < from || m[0].endsWith('/>')) continue;
    const innerStart = m.index + m[0].length;
    const close = xml.indexOf(`</${m[1]}>`, innerStart);
    if (close < 0) break;
    const inner = xml.slice(innerStart, close);
    out += xml.slice(from, innerStart) + (/^\s*<!\[CDATA\[/.test(inner) ? inner : `<![CDATA[${inner.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`);
    from = close;
  }
  return out + xml.slice(from);
}

/** The pieces of a malformed feed, each well-formed (mended, or its markup made text) or refused with its fault. */
export function feedPiecesChecked(xml: string): { read: FeedPiece[]; refused: (FeedPiece & { fault: XmlFault })[] } | null {
  const pieces = feedPieces(xml);
  if (!pieces) return null;
  const read: FeedPiece[] = [];
  const refused: (FeedPiece & { fault: XmlFault })[] = [];
  for (const piece of pieces) {
    const checked = wellFormedXml(piece.xml);
    const fixed = 'xml' in checked ? checked : wellFormedXml(markupAsCdata(piece.xml));
    if ('xml' in fixed) read.push({ ...piece, xml: fixed.xml });
    else if ('fault' in checked) refused.push({ ...piece, fault: checked.fault });
  }
  return { read, refused };
}
