import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateKeySpec } from '@li-bus/sealing';

export interface DevSecrets {
  tokenEncryptionKeys: string;
  gatewayApiKeys: string;
  apiKey: string;
}

/**
 * Development secrets, generated once and kept in `.data/dev-secrets.json` (git-ignored, mode 0600) so that
 * tokens sealed in one run still open in the next. Real deployments set the variables themselves.
 */
export async function loadDevSecrets(file: string): Promise<DevSecrets> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  } catch {
    const apiKey = `dev-${randomBytes(24).toString('base64url')}`;
    const secrets = { tokenEncryptionKeys: generateKeySpec('dev1'), gatewayApiKeys: `${apiKey}:*`, apiKey };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    return secrets;
  }
}
