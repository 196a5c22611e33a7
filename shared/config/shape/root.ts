import { BUCKET_NAME_SOURCE } from '../../oss/endpoint.ts';
import { CORS_SHAPE } from './cors.ts';
import { REFERER_SHAPE } from './referer.ts';
import { WEBSITE_SHAPE } from './website.ts';
import { int, nullable, obj, str } from './types.ts';
import type { MapShape, ObjectShape } from './types.ts';

/** OSS bucket names: 3-63 characters, lowercase letters, digits and `-`, starting and ending with a letter or digit. */
export const BUCKET_NAME_PATTERN = `^${BUCKET_NAME_SOURCE}$`;
export const REGION_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

const region = str({ pattern: REGION_PATTERN, patternMessage: 'must be a region id such as "cn-hangzhou"' });

export const BUCKET_SHAPE: ObjectShape = obj({
  region,
  website: nullable(WEBSITE_SHAPE),
  cors: nullable(CORS_SHAPE),
  referer: nullable(REFERER_SHAPE),
});

export const BUCKETS_SHAPE: MapShape = {
  kind: 'map',
  values: BUCKET_SHAPE,
  keyPattern: BUCKET_NAME_PATTERN,
  keyMessage:
    'is not a valid bucket name: 3-63 characters of lowercase letters, digits and "-", starting and ending with a letter or digit',
};

export const CONFIG_SHAPE: ObjectShape = obj(
  {
    version: int({ enum: [1] }),
    defaults: obj({ region, endpoint: str() }),
    buckets: BUCKETS_SHAPE,
  },
  { required: ['version', 'buckets'] },
);
