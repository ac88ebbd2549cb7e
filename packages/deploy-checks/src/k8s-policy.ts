import type { K8sObject } from './kustomize.ts';

/** The services' ordered shutdown bound (service-kit `installShutdown` delay), in seconds. */
export const SHUTDOWN_DELAY_SECONDS = 10;

interface Probe {
  httpGet?: { path?: string; port?: number | string };
}

interface Container {
  name: string;
  image?: string;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  topologySpreadConstraints?: unknown[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type?: string } };
}

/** `name:tag` with an explicit tag that is not `latest`, or a digest. */
export function imageIsPinned(image: string | undefined): boolean {
  if (!image) return false;
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const lastSegment = image.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return tag !== undefined && tag !== '' && tag !== 'latest';
}

function containerProblems(container: Container, pod: PodSpec): string[] {
  const problems: string[] = [];
  const say = (text: string) => problems.push(`container ${container.name}: ${text}`);
  if (!imageIsPinned(container.image)) say(`image ${container.image ?? '(none)'} is not pinned to a tag`);
  if (container.readinessProbe?.httpGet?.path !== '/readyz') say('readiness probe must GET /readyz');
  if (container.livenessProbe?.httpGet?.path !== '/healthz') say('liveness probe must GET /healthz');
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (!container.resources?.[kind]?.[resource]) say(`missing ${kind}.${resource}`);
    }
  }
  const sc = container.securityContext ?? {};
  const nonRoot = sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  const user = sc.runAsUser ?? pod.securityContext?.runAsUser;
  if (nonRoot !== true) say('runAsNonRoot must be true');
  if (user === 0) say('runAsUser must not be 0');
  if (sc.allowPrivilegeEscalation !== false) say('allowPrivilegeEscalation must be false');
  if (sc.privileged === true) say('must not be privileged');
  if (sc.readOnlyRootFilesystem !== true) say('readOnlyRootFilesystem must be true');
  if (!sc.capabilities?.drop?.includes('ALL')) say('capabilities must drop ALL');
  if (sc.capabilities?.add?.length) say('must not add capabilities');
  return problems;
}

/** The project's policy for workloads: probes, limits, non-root, read-only root, pinned images, spread. */
export function policyProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    if (object.kind !== 'Deployment') continue;
    const where = `Deployment/${object.metadata.name}`;
    const spec = object['spec'] as { template?: { spec?: PodSpec } } | undefined;
    const pod = spec?.template?.spec;
    if (!pod) {
      problems.push(`${where}: no pod template`);
      continue;
    }
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${where}: pod seccompProfile must be RuntimeDefault`);
    }
    if ((pod.terminationGracePeriodSeconds ?? 30) <= SHUTDOWN_DELAY_SECONDS) {
      problems.push(
        `${where}: terminationGracePeriodSeconds must exceed the ${SHUTDOWN_DELAY_SECONDS} s shutdown`,
      );
    }
    if (!pod.topologySpreadConstraints?.length) problems.push(`${where}: no topologySpreadConstraints`);
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      problems.push(...containerProblems(container, pod).map((p) => `${where}: ${p}`));
    }
    const selects = (kind: string) =>
      objects.some(
        (other) =>
          other.kind === kind &&
          JSON.stringify((other['spec'] as { selector?: unknown }).selector ?? {}).includes(
            `"app.kubernetes.io/name":"${object.metadata.name}"`,
          ),
      );
    if (!selects('PodDisruptionBudget')) problems.push(`${where}: no PodDisruptionBudget`);
  }
  return problems;
}
