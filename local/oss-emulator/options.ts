// The emulator's flags: what its parser accepts and what `ossedge emulator --help` prints, in one table
// (the CLI's command table takes it as the emulator command's options).

interface EmulatorOptionDef {
  type: 'string' | 'boolean';
  multiple?: boolean;
  arg?: string;
  description: string;
}

export const EMULATOR_OPTIONS = {
  port: { type: 'string', arg: 'N', description: 'listen on 127.0.0.1:N (default 0: a free port, printed as endpoint=)' },
  data: { type: 'string', arg: 'DIR', description: 'keep buckets and objects in DIR across restarts (default: in memory)' },
  region: { type: 'string', arg: 'R', description: 'the region the emulator answers as (default cn-hangzhou)' },
  'access-key-id': { type: 'string', arg: 'ID', description: 'the accepted key id (with --access-key-secret; default ossedge-local-ak / ossedge-local-secret)' },
  'access-key-secret': { type: 'string', arg: 'SECRET', description: 'the accepted key secret (with --access-key-id)' },
  'security-token': { type: 'string', arg: 'T', description: 'require this STS token (x-oss-security-token) with the key, as for role keys' },
  'service-host': { type: 'string', multiple: true, arg: 'H', description: 'answer virtual-hosted requests for BUCKET.H (repeat for more; default localhost and 127.0.0.1)' },
  admin: { type: 'boolean', description: 'serve the admin API at /-/admin/ (seed buckets, read the request log) without signatures' },
  fault: {
    type: 'string', multiple: true, arg: 'SPEC',
    description: 'inject faults, comma-separated key=value: op=GetObject,errorRate=0.1,error=SlowDown,resetRate=0.05,' +
      'truncateRate=0.05,latencyMs=20,failNext=3,kind=reset|error|truncate|lost,bucket=NAME (repeat for more)',
  },
  'fault-seed': { type: 'string', arg: 'N', description: 'seed of the fault dice, so a faulty run repeats exactly' },
} as const satisfies Record<string, EmulatorOptionDef>;
