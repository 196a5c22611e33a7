// Configs an unlucky operator or an attacker hands ossedge: one too large to be read whole, and
// malformed ones that carry a secret in clear (which no message may ever quote).

/** Bytes of comments between the two rules: with the rules the file is ~1.49 MB, over the 1 MiB limit. */
export const OVERSIZE_COMMENT_BYTES = 1_490_000;

/** A rule per prefix in the YAML shape of ossedge.yaml (External redirects: no origin pre-flight). */
const rule = (prefix: string) => [
  `        - condition: {keyPrefixEquals: ${prefix}/, httpErrorCodeReturnedEquals: 404}`,
  `          redirect: {redirectType: External, hostName: ${prefix}.example.com, httpRedirectCode: 302}`,
].join('\n');

/** The website of `bucket` with rule `a/` and rule `b/`, and `comments` bytes of comment lines between them. */
export function twoRuleConfig(bucket: string, comments = 0): string {
  const line = `# ${'x'.repeat(98)}\n`;
  const padding = line.repeat(Math.ceil(comments / line.length));
  return `version: 1\nbuckets:\n  ${bucket}:\n    website:\n      indexDocument: {suffix: index.html}\n      routingRules:\n${rule('a')}\n${padding}${rule('b')}\n`;
}

/** ossedge.yaml with one mirror rule for img/ on bucket assets, its redirect ending with `redirectTail` (indented lines). */
const mirrorRuleYaml = (redirectTail: string): string => `version: 1
buckets:
  assets:
    website:
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: https://origin.example.com/
${redirectTail}`;

/** What nobody may ever see again once it is in a config: not in output, answers, errors or logs. */
export const SECRET_IN_CLEAR = 'SUPERSECRETx9Kq2Lw7Zp';

/** Malformed JSON with the secret (not in quotes: V8's message would quote the text around it). */
export const SECRET_IN_BAD_JSON = `{
  "version": 1,
  "buckets": {
    "assets": {
      "website": {
        "routingRules": [{
          "condition": {"keyPrefixEquals": "img/", "httpErrorCodeReturnedEquals": 404},
          "redirect": {"redirectType": "Mirror", "mirrorURL": "https://origin.example.com/",
            "mirrorAuth": {"accessKeyId": "AKID", "accessKeySecret": ${SECRET_IN_CLEAR}}}
        }]
      }
    }
  }
}
`;

/** The secret written unquoted after `*`: YAML reads it as an alias to an anchor that does not exist. */
export const SECRET_AS_YAML_ALIAS = mirrorRuleYaml(`            mirrorAuth:
              accessKeyId: AKID
              accessKeySecret: *${SECRET_IN_CLEAR}
`);

/**
 * The secret written twice as a key where a secret belongs ("accessKeySecret:" forgotten, the line copied):
 * YAML and JSON, each with a duplicate key inside mirrorAuth and inside the secret field's own value.
 */
export const SECRET_AS_DUPLICATE_KEY: ReadonlyArray<readonly [string, string, string]> = [
  ['YAML, in mirrorAuth', 'ossedge.yaml', mirrorRuleYaml(`            mirrorAuth: {accessKeyId: AKID, ${SECRET_IN_CLEAR}, ${SECRET_IN_CLEAR}}
`)],
  ['YAML, in accessKeySecret', 'ossedge.yaml', mirrorRuleYaml(`            mirrorAuth: {accessKeyId: AKID, accessKeySecret: {${SECRET_IN_CLEAR}: 1, ${SECRET_IN_CLEAR}: 2}}
`)],
  ['YAML, under a secret written as a key', 'ossedge.yaml', mirrorRuleYaml(`            mirrorAuth: {accessKeyId: AKID, ${SECRET_IN_CLEAR}: {a: 1, a: 2}}
`)],
  ['JSON, in mirrorAuth', 'ossedge.json', JSON.stringify({ version: 1, buckets: { assets: { website: { routingRules: [{
    condition: { keyPrefixEquals: 'img/', httpErrorCodeReturnedEquals: 404 },
    redirect: { redirectType: 'Mirror', mirrorURL: 'https://origin.example.com/', mirrorAuth: { accessKeyId: 'AKID', DUP: null } },
  }] } } } }).replace('"DUP":null', `"${SECRET_IN_CLEAR}":null,"${SECRET_IN_CLEAR}":null`)],
];

/** Every 6-character piece of the secret: V8 quotes a 10-character window, so the whole secret is not enough. */
export function secretPiecesIn(text: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + 6 <= SECRET_IN_CLEAR.length; i++) {
    const piece = SECRET_IN_CLEAR.slice(i, i + 6);
    if (text.includes(piece)) pieces.push(piece);
  }
  return pieces;
}

/** YAML the library's own messages would quote (a tag, a block scalar header, an escape), secret inside. */
export const SECRET_IN_BAD_YAML: ReadonlyArray<readonly [string, string]> = [
  ['an unknown tag', `version: 1\nbuckets:\n  assets:\n    referer: !${SECRET_IN_CLEAR} x\n`],
  ['a block scalar header', `version: 1\nbuckets:\n  assets:\n    referer: |${SECRET_IN_CLEAR}\n      x\n`],
  ['a bad escape', `version: 1\nbuckets:\n  assets:\n    referer: "${SECRET_IN_CLEAR}\\q"\n`],
  ['a missing quote', `version: 1\nbuckets:\n  assets:\n    referer: "${SECRET_IN_CLEAR}\n`],
  ['a plain value with a reserved start', `version: 1\nbuckets:\n  assets:\n    referer: @${SECRET_IN_CLEAR}\n`],
  ['a % directive', `%${SECRET_IN_CLEAR} x\n---\nversion: 1\n`],
  ['an alias', SECRET_AS_YAML_ALIAS],
];
