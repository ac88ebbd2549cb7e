// Copies the users of deploy/nats/auth.conf into deploy/helm-values/nats.yaml (the Helm chart's form:
// passwords as `<< $NATS_*_PASSWORD >>`). Run after editing auth.conf:
//   node packages/deploy-checks/src/sync-helm-users.ts && pnpm prettier --write deploy/helm-values
import { readFile, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { readAuthConf } from './nats-auth.ts';
import { repoPath } from './repo-paths.ts';

const file = repoPath('deploy/helm-values/nats.yaml');
const doc = parseDocument(await readFile(file, 'utf8'));
const users = (await readAuthConf()).map((user) => ({ ...user, password: `<< ${user.password} >>` }));
doc.setIn(['config', 'merge', 'authorization', 'users'], doc.createNode(users));
await writeFile(file, doc.toString({ lineWidth: 0 }));
console.log(`wrote ${users.length} users to deploy/helm-values/nats.yaml`);
