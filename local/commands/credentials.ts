// The CLI's credentials chain, what users of the Alibaba Cloud tools already have, first match wins:
// OSS_ACCESS_KEY_* / ALIBABA_CLOUD_ACCESS_KEY_* variables; the aliyun CLI profile (~/.aliyun/config.json,
// --profile or ALIBABA_CLOUD_PROFILE); the shared credentials file (~/.alibabacloud/credentials.ini);
// the ECS instance's RAM role, only when ALIBABA_CLOUD_ECS_METADATA names it (never probed otherwise, so
// a laptop without keys fails fast instead of waiting on 100.100.100.200). The profile readers come from
// @alicloud/credentials, loaded only when the variables are not set.
import { envCredentials } from '../../shared/fc/credentials.ts';
import { fromEcsRamRole } from '../../shared/oss/credentials/ecs-ram-role.ts';
import type { Credentials, CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import type { CommandIo } from './table.ts';

/** Exit 2 with NO_CREDENTIALS (said before any request) when the chain finds no keys; else undefined. */
export async function requireCredentials(io: CommandIo, cmd: string, env: NodeJS.ProcessEnv, profile: string | undefined): Promise<number | undefined> {
  if (await cliCredentials(env, profile).getCredentials()) return undefined;
  io.stderr.write(`ossedge ${cmd}: NO_CREDENTIALS: no OSS keys found\n  hint: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS keys), ` +
    'or configure a profile with `aliyun configure` (--profile NAME), or ~/.alibabacloud/credentials.ini\n');
  return 2;
}

interface AliProvider {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
}

async function fromAliyunFiles(profile: string | undefined): Promise<Credentials | undefined> {
  const mod = await import('@alicloud/credentials');
  // a CommonJS package: Node (tsx) exposes its named exports, the esbuild bundle only its `default`
  const lib = (mod.CLIProfileCredentialsProvider ? mod : (mod as unknown as { default: typeof mod }).default);
  const builders = [lib.CLIProfileCredentialsProvider.builder(), lib.ProfileCredentialsProvider.builder()];
  for (const builder of builders) {
    let provider: AliProvider;
    try {
      provider = (profile ? builder.withProfileName(profile) : builder).build() as AliProvider;
    } catch {
      continue; // disabled by its own environment switch
    }
    try {
      const c = await provider.getCredentials();
      if (c.accessKeyId && c.accessKeySecret) return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(c.securityToken ? { securityToken: c.securityToken } : {}) };
    } catch {
      // no such file or profile: the next source
    }
  }
  return undefined;
}

/** `profile`: --profile; `env` is the command's environment (the profile files are found under HOME). */
export function cliCredentials(env: NodeJS.ProcessEnv, profile?: string): CredentialsProvider {
  const vars = envCredentials(env);
  const name = profile ?? env.ALIBABA_CLOUD_PROFILE;
  const ecsRole = env.ALIBABA_CLOUD_ECS_METADATA;
  const ecs = ecsRole ? fromEcsRamRole({ roleName: ecsRole, ...(env.OSSEDGE_ECS_METADATA_HOST ? { metadataHost: env.OSSEDGE_ECS_METADATA_HOST } : {}) }) : undefined;
  let files: Promise<Credentials | undefined> | undefined;
  return {
    async getCredentials() {
      const fromVars = await vars.getCredentials();
      if (fromVars) return fromVars;
      files ??= fromAliyunFiles(name);
      const fromFiles = await files;
      if (fromFiles) return fromFiles;
      return ecs?.getCredentials();
    },
  };
}
