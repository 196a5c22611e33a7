import { MODE_SHAPE } from './website.ts';
import { bool, int, list, obj, str } from './types.ts';
import { CORS_METHODS, MAX_CORS_RULES, type CorsConfiguration, type CorsRule } from '../../oss/models/cors.ts';
import type { ObjectShape, Shape } from './types.ts';

type FieldsOf<T> = { [K in keyof Required<T>]: Shape };

export const CORS_RULE_SHAPE = obj(
  {
    allowedOrigin: list(str(), { minItems: 1, noun: 'origins' }),
    allowedMethod: list(str({ enum: CORS_METHODS }), { minItems: 1, noun: 'methods' }),
    allowedHeader: list(str()),
    exposeHeader: list(str()),
    maxAgeSeconds: int({ minimum: 0 }),
  } satisfies FieldsOf<CorsRule>,
  { required: ['allowedOrigin', 'allowedMethod'] },
);

export const CORS_SHAPE: ObjectShape = obj(
  {
    mode: MODE_SHAPE,
    rules: list(CORS_RULE_SHAPE, { minItems: 1, maxItems: MAX_CORS_RULES, noun: 'CORS rules' }),
    responseVary: bool(),
  } satisfies FieldsOf<CorsConfiguration> & { mode: Shape },
  {
    required: ['rules'],
    hints: { CORSRule: 'the list of CORS rules is named "rules"', corsRules: 'the list of CORS rules is named "rules"' },
  },
);
