/** The tagger's labels: BILOU over PER, ORG, LOC, MISC, and O. */
export const TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export const LABELS: string[] = ['O', ...TYPES.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`))];
export const L = LABELS.length;
