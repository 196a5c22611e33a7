export type {
  PresignedQuery,
  PresignInput,
  SignableRequest,
  SignatureVersion,
  SignedHeaders,
  SignInput,
} from './types.ts';
export { SignerError, type SignerErrorCode } from './errors.ts';
export { rfc3986Encode, rfc3986EncodePath } from './encode.ts';
export {
  canonicalHeaderLinesV1,
  canonicalHeaderLinesV4,
  isDefaultSignedV4,
  lowerCaseHeaders,
  normalizeAdditionalHeadersV4,
} from './headers.ts';
export { signingTime, type SigningTime } from './time.ts';
export { signatureV4, signingKeyV4 } from './signing-key.ts';
export {
  canonicalQueryV4,
  canonicalRequestV4,
  canonicalUriV4,
  checkPresignExpires,
  DEFAULT_PRODUCT,
  MAX_PRESIGN_EXPIRES,
  MIN_PRESIGN_EXPIRES,
  presignV4,
  scopeV4,
  signV4,
  stringToSignV4,
  UNSIGNED_PAYLOAD,
  V4_ALGORITHM,
  V4_PRESIGN_PARAMS,
  V4_TERMINATOR,
} from './v4.ts';
export {
  canonicalResourceV1,
  presignV1,
  signatureV1,
  signV1,
  stringToSignV1,
  V1_SUB_RESOURCES,
  type V1Options,
} from './v1.ts';
export {
  parseAuthorizationV1,
  parseAuthorizationV4,
  parseCredentialV4,
  type ParsedAuthorizationV4,
} from './parse.ts';
