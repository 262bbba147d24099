import type { RawArticle } from '../../src/article/raw.ts';

/**
 * Made-up wire stories for the scale-out test, written for it: agency-style plain text with a
 * headline, a byline, a dateline, a quote and a few names. Story `n` is distinct from every
 * other (its figures and its number of the day are drawn from `n`), so its story id is too.
 */

const DESKS = [
  { dateline: (_d: string) => `NAIROBI, Kenya (AP) — `, agency: 'AP', day: 'Tuesday' },
  { dateline: (d: string) => `LISBON, ${d} (Reuters) - `, agency: 'Reuters', day: 'Wednesday' },
  { dateline: (d: string) => `OSLO, ${d} (AFP) - `, agency: 'AFP', day: 'Thursday' },
  { dateline: (d: string) => `MONTEVIDEO, ${d} (Reuters) - `, agency: 'Reuters', day: 'Monday' },
  { dateline: (_d: string) => `HANOI, Vietnam (AP) — `, agency: 'AP', day: 'Friday' },
  { dateline: (d: string) => `WELLINGTON, ${d} (AFP) - `, agency: 'AFP', day: 'Saturday' },
  { dateline: (_d: string) => `DENVER (AP) — `, agency: 'AP', day: 'Sunday' },
  { dateline: (d: string) => `TALLINN, ${d} (Reuters) - `, agency: 'Reuters', day: 'Tuesday' },
];

const SUBJECTS = [
  { head: 'Port workers end strike after pay deal', what: 'dock workers voted to return to work after a pay offer worth', unit: 'euros a year for the lowest paid', org: 'the Harbour Workers Union' },
  { head: 'City council approves tram line extension', what: 'the council approved an extension of the tram network costing', unit: 'million euros', org: 'the Municipal Transport Board' },
  { head: 'Drought cuts coffee harvest', what: 'growers said the dry season had cut the harvest to', unit: 'thousand tonnes', org: 'the Growers Cooperative' },
  { head: 'Central bank holds rates steady', what: 'the central bank kept its main rate unchanged and said it had bought bonds worth', unit: 'million dollars this quarter', org: 'the Monetary Policy Committee' },
  { head: 'Flooding forces evacuations along river', what: 'emergency services moved residents out of low-lying districts, with', unit: 'households registered at shelters', org: 'the Civil Protection Agency' },
  { head: 'Chess prodigy wins national title', what: 'a teenager won the national championship after a final round lasting', unit: 'moves', org: 'the National Chess Federation' },
  { head: 'Wind farm tender draws record bids', what: 'the energy ministry said its offshore wind tender had drawn bids for', unit: 'megawatts', org: 'the Offshore Energy Agency' },
  { head: 'Museum returns looted bronzes', what: 'the national museum handed back a collection of', unit: 'bronze objects taken during colonial rule', org: 'the Heritage Council' },
  { head: 'Rail operator orders new trains', what: 'the state rail operator placed an order for', unit: 'carriages for its intercity routes', org: 'the National Rail Company' },
  { head: 'Fishing quota talks stall', what: 'negotiators failed to agree on a catch limit of', unit: 'tonnes of mackerel', org: 'the Coastal States Fisheries Forum' },
];

const SPEAKERS = [
  ['Amara Okonjo', 'spokeswoman'],
  ['Tomas Lindqvist', 'director'],
  ['Beatriz Almeida', 'minister'],
  ['Nguyen Thi Lan', 'chairwoman'],
  ['Rangi Parata', 'spokesman'],
  ['Kalev Tamm', 'chief executive'],
  ['Sofia Ferreira', 'mayor'],
  ['Daniel Mbeki', 'secretary-general'],
  ['Ingrid Solberg', 'economist'],
] as const;

const REPORTERS = ['Mara Quint', 'Oskar Vale', 'Lena Hart', 'Felix Moreau', 'Ana Sousa', 'Jonah Reyes'];
const MONTHS = ['Jan', 'Feb', 'March', 'April', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

/** The `n`-th story (0-based) as a raw article in plain agency text. */
export function clusterStory(n: number): RawArticle & { receivedAt: string } {
  const desk = DESKS[n % DESKS.length]!;
  const subject = SUBJECTS[Math.floor(n / DESKS.length) % SUBJECTS.length]!;
  const [speaker, role] = SPEAKERS[(n * 7) % SPEAKERS.length]!;
  const reporter = REPORTERS[(n * 5) % REPORTERS.length]!;
  const month = n % 12;
  const day = 1 + (n % 28);
  const figure = 100 + ((n * 7919) % 9000) + n; // distinct for every n
  const date = `2026-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const content = [
    `date ${date}`,
    `${subject.head} (${n + 1})`,
    `By ${reporter}`,
    `${desk.dateline(`${MONTHS[month]} ${day}`)}In a decision announced on ${desk.day}, ${subject.what} ${figure.toLocaleString('en-US')} ${subject.unit}, ${subject.org} said.`,
    '',
    `"We have waited a long time for this, and item ${n + 1} on today's list shows it," ${speaker}, the ${role} of ${subject.org}, told reporters.`,
    '',
    `Officials said a further review would be published within ${(n % 9) + 2} weeks, and that figures for the region would follow.`,
  ].join('\n');
  return { content, format: 'text', receivedAt: `${date}T${String(6 + (n % 12)).padStart(2, '0')}:00:00Z`, source: `cluster-test-${desk.agency}` };
}
