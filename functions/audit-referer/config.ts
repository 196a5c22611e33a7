import { readFile } from 'node:fs/promises';
import { formatIssue, loadConfig, type OssedgeConfig } from '../../shared/config/index.ts';
import { BadRequestError } from '../../shared/fc/errors.ts';
import { getObject, isOssErrorCode, type OssInvoker } from '../../shared/oss/index.ts';
import { parseOssLocation } from '../../shared/report/location.ts';

const MAX_READ_BYTES = 1024 * 1024 + 1;

async function readOss(client: OssInvoker, location: string): Promise<string> {
  const { bucket, key } = parseOssLocation(location);
  try {
    const res = await getObject(client, { bucket, key });
    if (res.notModified) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      size += (c as Buffer).length;
      if (size > MAX_READ_BYTES) {
        res.body.destroy();
        break;
      }
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchKey', 'NoSuchBucket')) throw new BadRequestError(`config object ${location} does not exist`, { code: 'CONFIG_NOT_FOUND' });
    throw e;
  }
}

/**
 * ossedge.yaml for drift findings, from `oss://bucket/key` or (CLI and direct invocations only) a
 * file path. An invalid file is a 400 listing every problem with its path.
 */
export async function loadAuditConfig(location: string, client: OssInvoker, allowPath: boolean): Promise<OssedgeConfig> {
  let text: string;
  if (location.startsWith('oss://')) text = await readOss(client, location);
  else if (!allowPath) throw new BadRequestError('the config location must be oss://bucket/key', { code: 'CONFIG_LOCATION' });
  else {
    try {
      text = await readFile(location, 'utf8');
    } catch (e) {
      throw new BadRequestError(`cannot read config file ${location}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { code: 'CONFIG_NOT_FOUND' });
    }
  }
  const loaded = loadConfig(text, { filename: location });
  if (!loaded.ok) {
    const errors = loaded.issues.filter((i) => i.severity === 'error');
    throw new BadRequestError(`invalid config (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.slice(0, 50).map(formatIssue).join('\n')}`, { code: 'CONFIG_INVALID' });
  }
  return loaded.config;
}
