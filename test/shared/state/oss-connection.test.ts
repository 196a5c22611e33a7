// The connection a function reads from its environment: the deployment chooses the endpoint; nothing in the
// environment can make a function honour a config's defaults.endpoint. Clients are only looked at (region,
// host), never sent a request.
import { describe, expect, it } from 'vitest';
import { createClientCache } from '../../../shared/state/oss-clients.ts';
import { endpointOf, endpointRegion, ossConnectionFromEnv } from '../../../shared/state/oss-connection.ts';

describe('ossConnectionFromEnv', () => {
  it('reads OSS_ENDPOINT, OSS_REGION and OSSEDGE_OSS_INTERNAL, and never turns on the file\'s endpoint', () => {
    const env = {
      OSS_ENDPOINT: 'https://oss-cn-beijing-internal.aliyuncs.com', OSS_REGION: 'cn-beijing', OSSEDGE_OSS_INTERNAL: '0',
      OSSEDGE_FILE_ENDPOINT: '1', fileEndpoint: 'true', regionEndpoints: '{"cn-beijing":"http://127.0.0.1:1"}',
    };
    expect(ossConnectionFromEnv(env)).toEqual({ endpoint: 'https://oss-cn-beijing-internal.aliyuncs.com', region: 'cn-beijing', internal: false });
    expect(ossConnectionFromEnv({})).toEqual({ internal: true });
  });
});

describe('endpointOf / the client cache\'s home client', () => {
  it('takes the explicit endpoint, else the region\'s entry of the injected map, else OSS\'s own (internal on FC)', () => {
    const map = { 'cn-beijing': 'http://127.0.0.1:1' };
    expect(endpointOf({ regionEndpoints: map }, 'cn-beijing')).toEqual({ endpoint: 'http://127.0.0.1:1' });
    expect(endpointOf({ regionEndpoints: map }, 'cn-shanghai')).toEqual({ internal: true });
    expect(endpointOf({ endpoint: 'http://127.0.0.1:2', regionEndpoints: map }, 'cn-beijing')).toEqual({ endpoint: 'http://127.0.0.1:2' });
    expect(endpointOf({ regionEndpoints: map }, 'constructor')).toEqual({ internal: true }); // own entries only
    const oss = createClientCache({ internal: false, regionEndpoints: map });
    expect([oss.home('cn-beijing').region, oss.home('cn-beijing').endpoint.host]).toEqual(['cn-beijing', '127.0.0.1:1']);
    expect(oss.home('cn-shanghai').endpoint.host).toBe('oss-cn-shanghai.aliyuncs.com');
  });
});

describe('endpointRegion', () => {
  it('is the region an OSS host names, else the region given; a contradiction is refused', () => {
    expect(endpointRegion('https://oss-cn-beijing-internal.aliyuncs.com', undefined)).toBe('cn-beijing');
    expect(endpointRegion('oss-ap-southeast-1.aliyuncs.com:443', 'ap-southeast-1')).toBe('ap-southeast-1');
    expect(endpointRegion('http://127.0.0.1:9000', 'cn-shenzhen')).toBe('cn-shenzhen');
    expect(endpointRegion('http://127.0.0.1:9000', undefined)).toBeUndefined();
    expect(endpointRegion('oss-accelerate.aliyuncs.com', 'cn-hangzhou')).toBe('cn-hangzhou');
    expect(endpointRegion('ftp://x', 'cn-hangzhou')).toBe('cn-hangzhou');
    expect(() => endpointRegion('OSS-CN-BEIJING.aliyuncs.com', 'cn-hangzhou')).toThrow(expect.objectContaining({ code: 'ENDPOINT_REGION_MISMATCH' }));
  });

  it('takes no region from an acceleration endpoint (oss-accelerate-overseas too): the region given signs, never refused as a mismatch', () => {
    expect(endpointRegion('https://oss-accelerate-overseas.aliyuncs.com', 'ap-southeast-1')).toBe('ap-southeast-1');
    expect(endpointRegion('oss-accelerate-overseas.aliyuncs.com', undefined)).toBeUndefined();
    expect(endpointRegion('https://oss-cn-hangzhou.aliyuncs.com.evil.example', 'cn-shanghai')).toBe('cn-shanghai');
  });

  it('signs the home client (audit-referer, health) for the endpoint\'s region, not the function\'s', () => {
    const oss = createClientCache({ endpoint: 'https://oss-cn-beijing-internal.aliyuncs.com', internal: true });
    expect([oss.home('cn-hangzhou').region, oss.home('cn-hangzhou').endpoint.host]).toEqual(['cn-beijing', 'oss-cn-beijing-internal.aliyuncs.com']);
    expect(createClientCache({ endpoint: 'http://127.0.0.1:1' }).home('cn-shenzhen').region).toBe('cn-shenzhen');
  });
});
