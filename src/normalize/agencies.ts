/**
 * Agency credits as they appear in copy, mapped to one canonical name. Keys are lower case
 * with dots and spaces removed.
 */
const AGENCIES: Record<string, string> = {
  ani: 'ANI',
  ap: 'AP',
  associatedpress: 'AP',
  reuters: 'Reuters',
  reuter: 'Reuters',
  afp: 'AFP',
  agencefrancepresse: 'AFP',
  pti: 'PTI',
  ians: 'IANS',
  xinhua: 'Xinhua',
  xinhuanet: 'Xinhua',
  tass: 'TASS',
  itartass: 'TASS',
  upi: 'UPI',
  dpa: 'dpa',
  kyodo: 'Kyodo',
  yonhap: 'Yonhap',
  bernama: 'Bernama',
  efe: 'EFE',
  ansa: 'ANSA',
  bloomberg: 'Bloomberg',
  aap: 'AAP',
};

const keyOf = (credit: string) => credit.toLowerCase().replace(/[\s.\-_/]+/g, '');

/** The canonical name of an agency credit, or null when the credit is not a known agency. */
export function canonicalAgency(credit: string | null | undefined): string | null {
  if (!credit) return null;
  return AGENCIES[keyOf(credit)] ?? null;
}
