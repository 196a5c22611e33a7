// Flag errors that help: an unknown flag names the closest one the command accepts.
import { parseArgs } from 'node:util';
import { didYouMean } from '../../shared/config/did-you-mean.ts';
import type { OptionDefs } from './table.ts';
import { messageOf, rawCode } from '../../shared/errors/base.ts';

/** Longer than any flag we have: no edit distance is computed over a huge argument. */
const MAX_SUGGEST_LENGTH = 64;

/** ` (did you mean --bucket?)` for the first unknown flag in argv, or ''. */
export function suggestFlag(argv: string[], options: OptionDefs): string {
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true }));
  } catch {
    return '';
  }
  const unknown = tokens.find((t) => t.kind === 'option' && !(t.name in options));
  if (!unknown || unknown.kind !== 'option' || !unknown.rawName.startsWith('--') || unknown.name.length > MAX_SUGGEST_LENGTH) return '';
  const best = didYouMean(unknown.name, Object.keys(options));
  return best ? ` (did you mean --${best}?)` : '';
}

/** The message for a parseArgs error: an unknown flag in our words, with the closest known one. */
export function flagErrorMessage(error: unknown, argv: string[], options: OptionDefs): string {
  const hint = suggestFlag(argv, options);
  if (rawCode(error) === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const bad = argv.find((a) => a.startsWith('-') && a !== '--' && !known(a, options));
    const named = bad === undefined || bad.length > MAX_SUGGEST_LENGTH ? '' : ` ${bad.split('=')[0]}`;
    return `unknown flag${named}${hint}`;
  }
  return `${messageOf(error)}${hint}`;
}

function known(arg: string, options: OptionDefs): boolean {
  if (arg.startsWith('--')) return arg.slice(2).split('=')[0]! in options;
  return Object.values(options).some((o) => o.short === arg.slice(1, 2));
}
