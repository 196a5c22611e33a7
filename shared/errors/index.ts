export { OssedgeError, rawCode, messageOf, isUpperSnake, type OssedgeErrorOptions } from './base.ts';
export { ERROR_CODES, CODE_FAMILIES, codeOf, codeInfo, ossErrorCode, type ErrorCode, type ErrorCodeInfo, type CliClass } from './codes.ts';
export { RefusedError } from './refused.ts';
