import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import { decideReferer, type StepMeter } from '../../../shared/referer/index.ts';
import { OssEmulatorError } from '../errors.ts';
import { REFERER_ASSUMPTIONS } from './assumptions.ts';

/** Matcher steps of every Referer decision since the emulator started: tests bound the work of a request. */
export const refererMatchMeter: StepMeter = { steps: 0 };

/**
 * The 403 a Referer-checked request gets when its bucket's configuration denies it (shared/referer makes
 * the decision, the same model audits and probes use), or undefined when it is allowed.
 */
export function refererDenial(config: RefererConfiguration, referer: string | undefined): OssEmulatorError | undefined {
  const decision = decideReferer(config, referer, refererMatchMeter);
  if (decision.allowed) return undefined;
  const ec = REFERER_ASSUMPTIONS.deniedEc[decision.reason] ?? '0003-00000001';
  return new OssEmulatorError(403, 'AccessDenied', REFERER_ASSUMPTIONS.deniedMessage, ec);
}
