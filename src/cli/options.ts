// Parsers for numeric options: a bad value is a usage error that names the option.
import { InvalidArgumentError } from 'commander';

/** A parser for an option that takes one of a list of words; anything else is a usage error
 * that lists them. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const choice = choices.find((candidate) => candidate === value);
    if (choice === undefined) throw new InvalidArgumentError(`must be one of ${choices.join(', ')}.`);
    return choice;
  };
}

export function intOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} takes a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}.`);
    }
    return parsed;
  };
}

export function numberOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} takes a number from ${min} to ${max}.`);
    }
    return parsed;
  };
}
