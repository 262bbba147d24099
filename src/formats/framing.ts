/**
 * The control-character framing of the classic wire formats (ANPA-1312, IPTC 7901): a message is
 * `[SYN…] SOH header STX text ETX trailer [EOT]`. A stream or file often holds many messages
 * back to back; each starts at an SOH.
 */

export const SYN = '\u0016';
export const SOH = '\u0001';
export const STX = '\u0002';
export const ETX = '\u0003';
export const EOT = '\u0004';

/** Whether content opens with the framing: SYN or SOH before anything else but whitespace. */
export const isFramed = (content: string) => /^[\uFEFF\s]*[\u0016\u0001]/.test(content);

export interface FramedMessage {
  /** Header: between SOH and STX. */
  header: string;
  /** Text: between STX and ETX (to the end when ETX is missing). */
  text: string;
  /** Trailer: after ETX, before EOT (the transmission date and time). */
  trailer: string;
}

/** One message of a stream: its content (from SOH to its end) or why it cannot be read, with its 1-based index. */
export type StreamPart = { index: number; content: string } | { index: number; error: string };

/**
 * The messages of a framed stream, split at every SOH. Line noise before the first SOH (SYNs,
 * blank lines) is dropped. A message without STX cannot be read and is reported by its index.
 */
export function splitFramedStream(content: string): StreamPart[] {
  const parts: StreamPart[] = [];
  let start = content.indexOf(SOH);
  let index = 0;
  while (start >= 0) {
    const next = content.indexOf(SOH, start + 1);
    const message = trimEndWhere(content.slice(start, next < 0 ? content.length : next), (c) => c === SYN || /\s/.test(c));
    index += 1;
    if (message.includes(STX)) parts.push({ index, content: message });
    else parts.push({ index, error: `message ${index} has a header but no STX: no text to read` });
    start = next;
  }
  return parts;
}

/** `s` without the characters at its end that `drop` accepts (a loop: a trailing-class regex backtracks quadratically). */
export function trimEndWhere(s: string, drop: (c: string) => boolean): string {
  let end = s.length;
  while (end > 0 && drop(s[end - 1]!)) end--;
  return s.slice(0, end);
}

/** Header, text and trailer of one framed message; null when there is no SOH … STX. */
export function unframe(message: string): FramedMessage | null {
  const soh = message.indexOf(SOH);
  const stx = message.indexOf(STX, soh + 1);
  if (soh < 0 || stx < 0) return null;
  const etx = message.indexOf(ETX, stx + 1);
  const end = etx < 0 ? message.length : etx;
  const eot = message.indexOf(EOT, end);
  return {
    header: message.slice(soh + 1, stx),
    text: message.slice(stx + 1, end),
    trailer: etx < 0 ? '' : message.slice(etx + 1, eot < 0 ? message.length : eot),
  };
}

/**
 * Text with the remaining control characters turned into what they stand for: CR LF and CR as
 * line ends, tabs kept, every other C0 control (typesetting codes, SI/SO, DC1–DC4, US) dropped.
 */
export function plainOf(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

/** Trailer dates: `AP-NY-11-30-26 1423EST` (ANPA) or `301423 NOV 26` (IPTC 7901) as a `YYYY-MM-DD` day. */
export function trailerDay(trailer: string): string | null {
  const us = /(\d{2})-(\d{2})-(\d{2,4})\s+\d{4}/.exec(trailer);
  if (us) return day(us[3]!, Number(us[1]), Number(us[2]));
  const dtg = /\b(\d{2})\d{4}Z?\s+([A-Za-z]{3})\s+(\d{2,4})\b/.exec(trailer);
  if (dtg) {
    const month = MONTHS.indexOf(dtg[2]!.toLowerCase()) + 1;
    return month ? day(dtg[3]!, month, Number(dtg[1])) : null;
  }
  return null;
}

const ZONES: Readonly<Record<string, number>> = { GMT: 0, UTC: 0, Z: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

/**
 * The trailer's instant as ISO UTC when its zone is written (`AP-NY-11-30-26 1423EST`,
 * `301423Z NOV 26`); null when the time or zone is missing (a local time we cannot place).
 */
export function trailerInstant(trailer: string): string | null {
  const day = trailerDay(trailer);
  const us = /\d{2}-\d{2}-\d{2,4}\s+(\d{2})(\d{2})\s*([A-Z]{1,3})\b/.exec(trailer);
  const dtg = /\b\d{2}(\d{2})(\d{2})(Z)\s+[A-Za-z]{3}\s+\d{2,4}\b/.exec(trailer);
  const m = us ?? dtg;
  const offset = m ? ZONES[m[3]!] : undefined;
  if (!day || !m || offset === undefined || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return new Date(Date.parse(`${day}T${m[1]}:${m[2]}:00Z`) - offset * 3_600_000).toISOString();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function day(year: string, month: number, date: number): string | null {
  const short = Number(year);
  const y = year.length === 2 ? (short < 70 ? 2000 : 1900) + short : short;
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  const d = new Date(Date.UTC(y, month - 1, date));
  if (d.getUTCDate() !== date) return null;
  return d.toISOString().slice(0, 10);
}
