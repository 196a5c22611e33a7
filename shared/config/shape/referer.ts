import { bool, list, obj, str } from './types.ts';
import type { RefererConfiguration } from '../../oss/models/referer.ts';
import type { ObjectShape, Shape } from './types.ts';

export const REFERER_SHAPE: ObjectShape = obj(
  {
    allowEmptyReferer: bool(),
    allowTruncateQueryString: bool(),
    truncatePath: bool(),
    refererList: list(str()),
    refererBlacklist: list(str()),
  } satisfies { [K in keyof Required<RefererConfiguration>]: Shape },
  {
    hints: {
      mode: 'Referer has no merge mode: the section is always the whole truth',
      RefererList: 'the list is named "refererList"',
      referers: 'the whitelist is named "refererList"',
    },
  },
);
