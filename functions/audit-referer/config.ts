import { formatIssue, loadConfig, type OssedgeConfig } from '../../shared/config/index.ts';
import { readConfigLocation } from '../../shared/fc/config-source.ts';
import { BadRequestError } from '../../shared/fc/errors.ts';
import type { OssInvoker } from '../../shared/oss/index.ts';

/**
 * ossedge.yaml for drift findings, from `oss://bucket/key` or (CLI and direct invocations only) a
 * file path. An invalid file is a 400 listing every problem with its path.
 */
export async function loadAuditConfig(location: string, client: OssInvoker, allowPath: boolean): Promise<OssedgeConfig> {
  const { text } = await readConfigLocation(location, () => client, allowPath);
  const loaded = await loadConfig(text, { filename: location });
  if (!loaded.ok) {
    const errors = loaded.issues.filter((i) => i.severity === 'error');
    throw new BadRequestError(`invalid config (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.slice(0, 50).map(formatIssue).join('\n')}`, { code: 'CONFIG_INVALID' });
  }
  return loaded.config;
}
