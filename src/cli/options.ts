import { InvalidArgumentError } from 'commander';

/** A commander parser for a whole number ≥ 1, refusing anything else with the flag's name. */
export const positiveIntOption = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of 1 or more, not ${JSON.stringify(value)}`);
  return n;
};
