import { describe, expect, it } from 'vitest';
import { corsFromXml } from '../../../../shared/oss/xml/cors.ts';
import { refererFromXml, refererToXml } from '../../../../shared/oss/xml/referer.ts';
import { websiteFromXml, websiteToXml } from '../../../../shared/oss/xml/website.ts';
import { codecError, conformanceFile } from './fixtures.ts';

const rule = (redirect: string, condition = '<HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals>') =>
  `<WebsiteConfiguration><RoutingRules><RoutingRule><RuleNumber>1</RuleNumber><Condition>${condition}</Condition><Redirect>${redirect}</Redirect></RoutingRule><RoutingRule><RuleNumber>2</RuleNumber></RoutingRule></RoutingRules></WebsiteConfiguration>`;

describe('codec errors', () => {
  it('does report MALFORMED_XML with a position when tags do not match', () => {
    const err = codecError(() => websiteFromXml('<WebsiteConfiguration><IndexDocument></WebsiteConfiguration>'));
    expect(err.code).toBe('MALFORMED_XML');
    expect(err.message).toMatch(/IndexDocument/);
  });

  it.each([
    ['an empty body', ''],
    ['plain text', 'not xml'],
    ['two roots', '<CORSConfiguration/><CORSConfiguration/>'],
    ['a broken declaration', conformanceFile('Error.SignatureDoesNotMatch.docs-stringtosign.xml')],
    ['a DOCTYPE with an entity', '<!DOCTYPE x [<!ENTITY a "aaaa">]><CORSConfiguration>&a;</CORSConfiguration>'],
    ['trailing text', '<CORSConfiguration></CORSConfiguration>junk'],
    ['a prototype-polluting name', '<CORSConfiguration><__proto__>1</__proto__></CORSConfiguration>'],
  ])('does report MALFORMED_XML for %s', (_, xml) => {
    expect(codecError(() => corsFromXml(xml)).code).toBe('MALFORMED_XML');
  });

  it('does report UNEXPECTED_ROOT naming both roots', () => {
    const err = codecError(() => corsFromXml(conformanceFile('GetBucketReferer.truncate.response.xml')));
    expect(err.code).toBe('UNEXPECTED_ROOT');
    expect(err.message).toBe('root element is <RefererConfiguration>, expected <CORSConfiguration>');
  });

  it('does name the element of a bad boolean inside a repeated rule', () => {
    const err = codecError(() => websiteFromXml(rule('<MirrorCheckMd5>yes</MirrorCheckMd5>')));
    expect(err.code).toBe('INVALID_VALUE');
    expect(err.element).toBe('WebsiteConfiguration.RoutingRules.RoutingRule[0].Redirect.MirrorCheckMd5');
    expect(err.message).toContain('expected true or false, got "yes"');
  });

  it.each([['4O4'], ['404.0'], [''], ['99999999999999999']])('does reject the integer %j naming the element', (value) => {
    const err = codecError(() => websiteFromXml(rule('', `<HttpErrorCodeReturnedEquals>${value}</HttpErrorCodeReturnedEquals>`)));
    expect(err.code).toBe('INVALID_VALUE');
    expect(err.element).toBe('WebsiteConfiguration.RoutingRules.RoutingRule[0].Condition.HttpErrorCodeReturnedEquals');
  });

  it('does reject text where child elements belong', () => {
    const err = codecError(() => websiteFromXml('<WebsiteConfiguration><IndexDocument>index.html</IndexDocument></WebsiteConfiguration>'));
    expect(err.element).toBe('WebsiteConfiguration.IndexDocument');
    expect(err.code).toBe('INVALID_VALUE');
  });

  it('does reject child elements where text belongs', () => {
    const err = codecError(() => websiteFromXml('<WebsiteConfiguration><IndexDocument><Suffix><a/></Suffix></IndexDocument></WebsiteConfiguration>'));
    expect(err.element).toBe('WebsiteConfiguration.IndexDocument.Suffix');
  });

  it('does report MISSING_ELEMENT for a Set without Key and for a Referer config without AllowEmptyReferer', () => {
    const err = codecError(() => websiteFromXml(rule('<MirrorHeaders><Set><Value>v</Value></Set></MirrorHeaders>')));
    expect(err.code).toBe('MISSING_ELEMENT');
    expect(err.element).toBe('WebsiteConfiguration.RoutingRules.RoutingRule[0].Redirect.MirrorHeaders.Set.Key');
    expect(codecError(() => refererFromXml('<RefererConfiguration><RefererList/></RefererConfiguration>')).code).toBe('MISSING_ELEMENT');
  });

  it('does reject an unknown entity and a bare ampersand', () => {
    expect(codecError(() => refererFromXml('<RefererConfiguration><AllowEmptyReferer>&nbsp;true</AllowEmptyReferer></RefererConfiguration>')).code).toBe(
      'INVALID_VALUE',
    );
    expect(codecError(() => refererFromXml('<RefererConfiguration><AllowEmptyReferer>a & b</AllowEmptyReferer></RefererConfiguration>')).code).toMatch(
      /MALFORMED_XML|INVALID_VALUE/,
    );
  });

  it('does report TOO_LARGE above the limit', () => {
    const big = `<CORSConfiguration>${' '.repeat(9 * 1024 * 1024)}</CORSConfiguration>`;
    expect(codecError(() => corsFromXml(big)).code).toBe('TOO_LARGE');
  });

  it('does refuse to write a character XML cannot carry', () => {
    const err = codecError(() => refererToXml({ allowEmptyReferer: true, refererList: ['bad\u0001'] }));
    expect(err.code).toBe('INVALID_VALUE');
    expect(err.element).toBe('Referer');
  });

  it('does refuse to write a non-integer number', () => {
    expect(codecError(() => websiteToXml({ errorDocument: { httpStatus: 404.5 } })).element).toBe('HttpStatus');
  });
});

describe('codec text handling', () => {
  it('does decode entities and character references, keep spaces, and ignore namespaces and comments', () => {
    const xml = `<?xml version="1.0"?>\n<RefererConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"><!-- c --><AllowEmptyReferer> true </AllowEmptyReferer><RefererList><Referer> a&amp;b&lt;&gt;&quot;&apos;&#65;&#x1F600; </Referer></RefererList></RefererConfiguration>`;
    expect(refererFromXml(xml)).toEqual({ allowEmptyReferer: true, refererList: [' a&b<>"\'A\u{1F600} '] });
  });

  it('does escape what needs escaping and read it back unchanged', () => {
    const value = 'a&b<c>d"e\'f\r\ng\t';
    const model = { allowEmptyReferer: false, refererList: [value] };
    expect(refererToXml(model)).toContain('a&amp;b&lt;c&gt;d"e\'f&#xD;\ng\t');
    expect(refererFromXml(refererToXml(model))).toEqual(model);
  });

  it('does take CDATA sections verbatim and refuse text mixed with CDATA', () => {
    const wrap = (inner: string) =>
      `<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><RefererList><Referer>${inner}</Referer></RefererList></RefererConfiguration>`;
    expect(refererFromXml(wrap('\n  <![CDATA[https://a&b<c>]]><![CDATA[/x]]>\n')).refererList).toEqual(['https://a&b<c>/x']);
    const err = codecError(() => refererFromXml(wrap('x<![CDATA[y]]>')));
    expect([err.code, err.element]).toEqual(['INVALID_VALUE', 'RefererConfiguration.RefererList.Referer']);
  });
});
