import { OssedgeError } from '../../errors/base.ts';

/** Why an XML body could not be turned into a model (or a model into XML). */
export type XmlCodecErrorCode =
  /** Not well-formed XML (or a DOCTYPE, which OSS never sends and we never expand). */
  | 'MALFORMED_XML'
  /** Well-formed, but the root element is not the one the operation expects. */
  | 'UNEXPECTED_ROOT'
  /** A required element is missing. */
  | 'MISSING_ELEMENT'
  /** An element has the wrong shape or value (bad boolean/integer, text where children belong). */
  | 'INVALID_VALUE'
  /** The body is larger than the parse limit. */
  | 'TOO_LARGE';

/**
 * Typed codec error. `element` is the path of the offending element
 * (`WebsiteConfiguration.RoutingRules.RoutingRule[2].Redirect.MirrorCheckMd5`) when there is one.
 * The OSS emulator maps every code to 400 MalformedXML; the client maps it to a malformed-response error.
 * Messages quote at most a short prefix of a bad value and never a secret field's value.
 */
export class XmlCodecError extends OssedgeError<XmlCodecErrorCode> {
  override readonly name = 'XmlCodecError';
  readonly element: string | undefined;

  constructor(code: XmlCodecErrorCode, message: string, options: { element?: string; cause?: unknown } = {}) {
    super(code, options.element ? `${options.element}: ${message}` : message, options);
    this.element = options.element;
  }
}
