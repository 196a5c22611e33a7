// The parts of @alicloud/fc2 (v2.6.x, CommonJS, untyped) the invoker uses; see shared/spec/fc3.md §3.
declare module '@alicloud/fc2' {
  interface Fc2Config {
    accessKeyID: string;
    accessKeySecret: string;
    securityToken?: string;
    region: string;
    endpoint?: string;
    secure?: boolean;
    internal?: boolean;
    timeout?: number;
    headers?: Record<string, string>;
  }
  class Fc2Client {
    constructor(accountId: string, config: Fc2Config);
    version: string;
    get(path: string, query?: Record<string, string> | null, headers?: Record<string, string>): Promise<{ headers: Record<string, string>; data: unknown }>;
    post(path: string, body: string | Buffer, headers?: Record<string, string>, queries?: Record<string, string> | null, opts?: { rawBuf?: boolean }): Promise<{ headers: Record<string, string>; data: unknown }>;
  }
  export default Fc2Client;
}
