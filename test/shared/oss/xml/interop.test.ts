import { describe, expect, it } from 'vitest';
import { corsFromXml, corsToXml } from '../../../../shared/oss/xml/cors.ts';
import { refererFromXml, refererToXml } from '../../../../shared/oss/xml/referer.ts';
import { websiteFromXml, websiteToXml } from '../../../../shared/oss/xml/website.ts';
import { aliOssRequests, RECORDED_CORS, RECORDED_REFERER, RECORDED_WEBSITE } from './fixtures.ts';

const CASES = [
  { query: '?website=', toXml: () => websiteToXml(RECORDED_WEBSITE), fromXml: websiteFromXml },
  { query: '?referer=', toXml: () => refererToXml(RECORDED_REFERER), fromXml: refererFromXml },
  { query: '?cors=', toXml: () => corsToXml(RECORDED_CORS), fromXml: corsFromXml },
] as const;

describe('XML bodies recorded from ali-oss', () => {
  const puts = aliOssRequests().filter((r) => r.method === 'PUT' && r.body.startsWith('<'));

  it('does find every recorded XML PUT (two signing runs of website, referer and cors)', () => {
    expect(puts.map((r) => r.path.split('/').pop()).sort()).toEqual(
      ['?cors=', '?cors=', '?referer=', '?referer=', '?website=', '?website='],
    );
  });

  it.each(CASES)('does produce XML that parses to the same model as ali-oss for $query', ({ query, toXml, fromXml }) => {
    const recorded = puts.filter((r) => r.path.endsWith(query));
    expect(recorded.length).toBe(2);
    for (const request of recorded) {
      const theirs = (fromXml as (xml: string) => unknown)(request.body);
      expect((fromXml as (xml: string) => unknown)(toXml())).toEqual(theirs);
    }
  });
});
