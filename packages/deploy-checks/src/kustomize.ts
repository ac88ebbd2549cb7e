import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { repoPath } from './repo-paths.ts';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `kubectl kustomize deploy/k8s/overlays/<overlay>`, parsed into objects. */
export function renderOverlay(overlay: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', repoPath(`deploy/k8s/overlays/${overlay}`)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}
