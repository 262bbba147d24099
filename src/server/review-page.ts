import { markedPieces, type ReviewItem } from '../review/corrections.ts';

/**
 * The review page as a string: server-rendered HTML, no script, one local stylesheet, a form
 * per answer so a correction is one click (a button per candidate, "No speaker") or a name and
 * Enter. Pure, so it is tested without a server.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const REVIEW_PATH = '/review';
export const REVIEW_CSS_PATH = '/review/review.css';

/** What the page says at the top after a post: saved, or why not. */
export type Notice = { kind: 'saved'; storyId: string; quoteIndex: number; speaker: string | null } | { kind: 'error'; message: string };

export const actionOf = (item: Pick<ReviewItem, 'storyId' | 'quoteIndex'>) => `${REVIEW_PATH}/${encodeURIComponent(item.storyId)}/${item.quoteIndex}`;

/** A paragraph with the quote (when it holds it) and the candidates' names marked. */
function markedHtml(text: string, quote: { start: number; end: number }, names: string[]): string {
  return markedPieces(text, quote, names)
    .map((p) => (p.mark ? `<mark class="${p.mark}">${escapeHtml(p.text)}</mark>` : escapeHtml(p.text)))
    .join('');
}

function paragraphHtml(item: ReviewItem): string {
  const names = item.candidates.map((c) => c.name);
  const p = item.paragraph;
  const before = p.before ? `<p class="before">${markedHtml(p.before.text, { start: -1, end: -1 }, names)}</p>` : '';
  return `${before}<p class="own">${markedHtml(p.text, { start: item.start - p.start, end: item.end - p.start }, names)}</p>`;
}

function itemHtml(item: ReviewItem): string {
  const speaker = item.speaker ? `<strong>${escapeHtml(item.speaker.name)}</strong>${item.speaker.title ? ` (${escapeHtml(item.speaker.title)})` : ''}` : '<strong>no speaker</strong>';
  const buttons = item.candidates
    .map((c) => `<button type="submit" name="candidate" value="${escapeHtml(c.name)}">${escapeHtml(c.name)}${c.score === null ? '' : ` <span class="score">${c.score}</span>`}</button>`)
    .join('');
  const action = escapeHtml(actionOf(item));
  const seen = `<input type="hidden" name="quoteId" value="${escapeHtml(item.quoteId)}">`;
  return `<li class="item" id="q-${escapeHtml(item.storyId)}-${item.quoteIndex}">
<p class="meta">${escapeHtml(item.headline ?? '(no headline)')} · ${escapeHtml(item.publishedAt?.slice(0, 10) ?? 'undated')} · <code>${escapeHtml(item.storyId)}</code> quote ${item.quoteIndex}</p>
<blockquote class="paragraph">${paragraphHtml(item)}</blockquote>
<p class="now">Speaker now: ${speaker} · confidence ${item.confidence} · ${escapeHtml(item.how)}</p>
<form method="post" action="${action}" class="pick">${seen}${buttons}<button type="submit" name="none" value="1" class="none">No speaker</button></form>
<form method="post" action="${action}" class="name">${seen}<label>Someone else: <input type="text" name="speaker" required maxlength="200" autocomplete="off"></label> <button type="submit">Set</button></form>
</li>`;
}

function noticeHtml(n: Notice | null): string {
  if (!n) return '';
  if (n.kind === 'error') return `<p class="notice error" role="alert">Not saved: ${escapeHtml(n.message)}</p>`;
  const who = n.speaker === null ? 'no speaker' : `“${escapeHtml(n.speaker)}”`;
  return `<p class="notice" role="status">Saved: quote ${n.quoteIndex} of <code>${escapeHtml(n.storyId)}</code> now has ${who}.</p>`;
}

export function reviewPage(list: { total: number; items: ReviewItem[] }, opts: { below: number; notice: Notice | null }): string {
  const shown = list.items.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wiredesk · review</title>
<link rel="stylesheet" href="${REVIEW_CSS_PATH}">
</head>
<body>
<header><h1>Doubtful attributions</h1>
<p class="summary">${list.total} ${list.total === 1 ? 'quote has' : 'quotes have'} a speaker confidence below ${opts.below}${shown < list.total ? `; the newest ${shown} are shown` : ''}. The quote is <mark class="quote">marked</mark>, names offered are <mark class="candidate">marked</mark> too.</p></header>
${noticeHtml(opts.notice)}
<main>${shown ? `<ol class="items">\n${list.items.map(itemHtml).join('\n')}\n</ol>` : '<p class="empty">Nothing to review.</p>'}</main>
</body>
</html>
`;
}

export const REVIEW_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;color:#1b1b1b;background:#fafafa}
h1{font-size:1.4rem;margin:.2rem 0}
.summary,.meta,.now{color:#444;font-size:.9rem}
.items{list-style:none;padding:0}
.item{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem}
.paragraph{margin:.4rem 0;padding-left:.8rem;border-left:3px solid #bbb}
.paragraph p{margin:.3rem 0}
.paragraph .before{color:#555}
mark.quote{background:#ffe38a}
mark.candidate{background:#cde8ff;font-weight:600}
form{display:inline-block;margin:.2rem .6rem .2rem 0}
button{font:inherit;padding:.25rem .7rem;margin:.1rem .2rem .1rem 0;border:1px solid #888;border-radius:4px;background:#f2f2f2;cursor:pointer}
button:hover,button:focus{background:#e2e2e2}
button.none{border-style:dashed}
.score{color:#666;font-size:.8rem}
input{font:inherit;padding:.2rem .4rem}
.notice{background:#e6f6e6;border:1px solid #9c9;padding:.5rem .8rem;border-radius:4px}
.notice.error{background:#fbe9e9;border-color:#c99}
`;
