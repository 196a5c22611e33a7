import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfigOrThrow, planBucket } from '../../../shared/config/index.ts';
import { corsFromXml, corsToXml } from '../../../shared/oss/xml/cors.ts';
import { refererFromXml, refererToXml } from '../../../shared/oss/xml/referer.ts';
import { websiteFromXml, websiteToXml } from '../../../shared/oss/xml/website.ts';

// Plans are computed against what the XML codec parses from GET answers: a PUT body read back, and a
// GET answer written the way OSS may write it, must both plan empty.

describe('plans against XML read back', () => {
  it('plans empty for every example once its PUT bodies are read back', async () => {
    const dir = new URL('../../../examples/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const config = (await loadConfigOrThrow(readFileSync(new URL(file, dir)), { filename: file })).config;
      for (const b of config.buckets) {
        const live = {
          website: b.website ? websiteFromXml(websiteToXml(b.website.config)) : null,
          cors: b.cors ? corsFromXml(corsToXml(b.cors.config)) : null,
          referer: b.referer ? refererFromXml(refererToXml(b.referer)) : undefined,
        };
        const plan = planBucket(b, live);
        expect(plan.text, `${file} ${b.name}`).toEqual([]);
      }
    }
  });

  it('plans empty against a GET answer with shuffled elements, explicit defaults and a masked secret', async () => {
    const desired = (await loadConfigOrThrow(`version: 1
buckets:
  assets:
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: https://origin.example.com/
            mirrorHeaders: {passAll: true, remove: [cookie, x-b]}
            mirrorAuth: {accessKeyId: AKID, accessKeySecret: "\${env:OSSEDGE_SECRET_S}"}
    cors:
      rules: [{allowedOrigin: ["https://a.example.com", "https://b.example.com"], allowedMethod: [GET, HEAD]}]
    referer:
      allowEmptyReferer: false
      refererList: ["https://a.example.com", "https://b.example.com"]
`)).config.buckets[0]!;
    const website = websiteFromXml(`<?xml version="1.0" encoding="UTF-8"?>
<WebsiteConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">
  <RoutingRules>
    <RoutingRule>
      <Redirect>
        <MirrorAuth><AccessKeySecret>****</AccessKeySecret><AccessKeyId>AKID</AccessKeyId></MirrorAuth>
        <MirrorHeaders><Remove>X-B</Remove><PassAll>true</PassAll><Remove>cookie</Remove></MirrorHeaders>
        <MirrorCheckMd5>false</MirrorCheckMd5>
        <MirrorFollowRedirect>true</MirrorFollowRedirect>
        <PassQueryString>false</PassQueryString>
        <MirrorURL>https://origin.example.com/</MirrorURL>
        <RedirectType>Mirror</RedirectType>
      </Redirect>
      <Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals><KeyPrefixEquals>img/</KeyPrefixEquals></Condition>
      <RuleNumber>1</RuleNumber>
    </RoutingRule>
  </RoutingRules>
  <IndexDocument><Type>0</Type><SupportSubDir>false</SupportSubDir><Suffix>index.html</Suffix></IndexDocument>
</WebsiteConfiguration>`);
    const cors = corsFromXml(`<CORSConfiguration><ResponseVary>false</ResponseVary><CORSRule><AllowedMethod>HEAD</AllowedMethod><AllowedOrigin>https://b.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedOrigin>https://a.example.com</AllowedOrigin></CORSRule></CORSConfiguration>`);
    const referer = refererFromXml(`<RefererConfiguration><RefererBlacklist/><RefererList><Referer>https://b.example.com</Referer><Referer>https://a.example.com</Referer></RefererList><AllowTruncateQueryString>true</AllowTruncateQueryString><AllowEmptyReferer>false</AllowEmptyReferer></RefererConfiguration>`);
    const plan = planBucket(desired, { website, cors, referer });
    expect(plan.text).toEqual([]);
    expect(plan.changed).toBe(false);
  });
});
