import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { STREAMS } from '@li-bus/contracts';
import { PUBLISHER_DURABLE } from '@li-bus/publisher/nats-resources';
import { schemaProblem } from '../src/k8s-validate.ts';
import { policyProblems } from '../src/k8s-policy.ts';
import { renderOverlay, type K8sObject } from '../src/kustomize.ts';
import { repoPath, SERVICES } from '../src/repo-paths.ts';
import { SAMPLE_SECRET_VALUES, SECRET_KEYS } from '../src/secret-keys.ts';
import { CONFIG_LOADERS } from '../src/service-configs.ts';
import { toolAvailable } from '../src/require-tool.ts';

const hasKubectl = toolAvailable('kubectl', ['version', '--client'], 'apt-get install -y kubernetes-client');
const OVERLAYS = { dev: 1, prod: 3 } as const;

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const spec = <T>(object: K8sObject | undefined) => (object?.['spec'] ?? {}) as T;

interface DeploymentSpec {
  template: {
    spec: {
      containers: {
        envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
        env: { name: string; value: string }[];
      }[];
    };
  };
}
interface PodTemplate {
  metadata: { annotations?: Record<string, string> };
  spec: {
    containers: {
      ports: { name: string; containerPort: number; protocol: string }[];
      env: { name: string; value: string }[];
    }[];
  };
}
/** `METRICS_PORT` of each service (design): operator endpoints, never exposed by a Service. */
const METRICS_PORTS = { 'auth-gateway': 9080, 'token-keeper': 9081, publisher: 9082 } as const;
interface ScaleSpec {
  scaleTargetRef: { name: string };
  triggers: { type: string; metadata: Record<string, string> }[];
}
interface NetworkPolicySpec {
  podSelector: { matchLabels?: Record<string, string> };
  policyTypes: string[];
  ingress?: unknown[];
  egress?: unknown[];
}

describe.skipIf(!hasKubectl)('Kubernetes manifests (kubectl kustomize)', () => {
  for (const [overlay, streamReplicas] of Object.entries(OVERLAYS)) {
    describe(`overlays/${overlay}`, () => {
      const objects = hasKubectl ? renderOverlay(overlay) : [];

      it('validates every object against the Kubernetes (and KEDA) schemas', () => {
        expect(objects.length).toBeGreaterThan(15);
        expect(objects.map(schemaProblem).filter(Boolean)).toEqual([]);
      });

      it('passes the policy: probes, limits, non-root, read-only root, pinned images, PDBs', () => {
        expect(policyProblems(objects)).toEqual([]);
      });

      it('has a Deployment, Service, ServiceAccount and ConfigMap per service, and commits no Secret', () => {
        for (const service of SERVICES) {
          for (const kind of ['Deployment', 'Service', 'ServiceAccount']) {
            expect(find(objects, kind, service), `${kind}/${service}`).toBeDefined();
          }
          expect(
            objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${service}-config`)),
          ).toBe(true);
        }
        expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      });

      it(`gives each service an environment its own config schema accepts (STREAM_REPLICAS=${streamReplicas})`, () => {
        for (const service of SERVICES) {
          const container = spec<DeploymentSpec>(find(objects, 'Deployment', service)).template.spec
            .containers[0];
          const env: Record<string, string> = {};
          for (const source of container?.envFrom ?? []) {
            if (source.configMapRef) {
              const map = find(objects, 'ConfigMap', source.configMapRef.name);
              Object.assign(env, map?.['data']);
            }
            if (source.secretRef) {
              expect(source.secretRef.name).toBe(`${service}-secrets`);
              for (const key of SECRET_KEYS[service]) env[key] = SAMPLE_SECRET_VALUES[key] ?? '';
            }
          }
          for (const { name, value } of container?.env ?? []) env[name] = value;
          expect(env['STREAM_REPLICAS']).toBe(String(streamReplicas));
          expect(() => CONFIG_LOADERS[service]?.(env)).not.toThrow();
        }
      });

      it('autoscales the gateway on CPU and the publisher on its JetStream consumer backlog (KEDA)', () => {
        const hpa = spec<ScaleSpec>(find(objects, 'HorizontalPodAutoscaler', 'auth-gateway'));
        expect(hpa.scaleTargetRef.name).toBe('auth-gateway');
        const scaled = spec<ScaleSpec>(find(objects, 'ScaledObject', 'publisher'));
        expect(scaled.scaleTargetRef.name).toBe('publisher');
        expect(scaled.triggers[0]).toMatchObject({
          type: 'nats-jetstream',
          metadata: { stream: STREAMS.posts.name, consumer: PUBLISHER_DURABLE },
        });
        expect(scaled.triggers[0]?.metadata['natsServerMonitoringEndpoint']).toContain(
          `.${find(objects, 'Deployment', 'publisher')?.metadata.namespace}.svc`,
        );
        expect(
          objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'publisher'),
        ).toBe(false);
      });

      it('serves /metrics on a `metrics` container port (METRICS_PORT) that no Service exposes', () => {
        for (const [service, port] of Object.entries(METRICS_PORTS)) {
          const deployment = find(objects, 'Deployment', service);
          const template = (deployment?.['spec'] as { template: PodTemplate }).template;
          const [container] = template.spec.containers;
          expect(container?.ports).toContainEqual({ name: 'metrics', containerPort: port, protocol: 'TCP' });
          expect(container?.env).toContainEqual({ name: 'METRICS_PORT', value: String(port) });
          expect(template.metadata.annotations).toMatchObject({
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(port),
            'prometheus.io/path': '/metrics',
          });
          const ports = spec<{ ports: { port: number; targetPort: string | number }[] }>(
            find(objects, 'Service', service),
          ).ports;
          for (const exposed of ports) expect([exposed.port, exposed.targetPort]).not.toContain(port);
          expect(ports.map((p) => p.targetPort)).not.toContain('metrics');
        }
        const scrape = JSON.stringify(
          spec<NetworkPolicySpec>(find(objects, 'NetworkPolicy', 'li-bus-metrics-ingress')).ingress,
        );
        for (const port of Object.values(METRICS_PORTS)) expect(scrape).toContain(`"port":${port}`);
        for (const port of [8080, 8081, 8082]) expect(scrape).not.toContain(`"port":${port}`);
      });

      it('denies by default and allows only the design flows', () => {
        const policy = (name: string) => spec<NetworkPolicySpec>(find(objects, 'NetworkPolicy', name));
        const deny = policy('li-bus-default-deny');
        expect(deny.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/part-of': 'li-bus' });
        expect(deny.policyTypes).toEqual(['Ingress', 'Egress']);
        expect(deny.ingress ?? []).toEqual([]);
        expect(deny.egress ?? []).toEqual([]);
        const egressTo = (service: string) => JSON.stringify(policy(service).egress);
        for (const service of SERVICES)
          expect(egressTo(service)).toContain('"app.kubernetes.io/name":"nats"');
        expect(egressTo('token-keeper')).toContain('"app.kubernetes.io/name":"redis"');
        for (const service of ['auth-gateway', 'publisher']) {
          expect(egressTo(service)).not.toContain('redis');
          expect(egressTo(service)).toContain('"port":443');
        }
        expect(egressTo('token-keeper')).not.toContain('443');
        expect(policy('auth-gateway').ingress).toHaveLength(1);
        expect(policy('token-keeper').ingress).toBeUndefined();
      });
    });
  }

  it('documents every Secret key the Deployments reference (deploy/k8s/README.md)', async () => {
    const readme = await readFile(repoPath('deploy/k8s/README.md'), 'utf8');
    for (const service of SERVICES) {
      expect(readme).toContain(`${service}-secrets`);
      for (const key of SECRET_KEYS[service]) expect(readme).toContain(key);
    }
  });
});

describe('the policy check itself', () => {
  interface TestContainer {
    name: string;
    image: string;
    readinessProbe: unknown;
    livenessProbe?: unknown;
    resources: { requests: Record<string, string>; limits?: Record<string, string> };
    securityContext: {
      runAsNonRoot: boolean;
      allowPrivilegeEscalation: boolean;
      readOnlyRootFilesystem: boolean;
      capabilities: { drop: string[] };
    };
  }
  const deployment = (patch: (container: TestContainer) => void): K8sObject => {
    const container: TestContainer = {
      name: 'x',
      image: 'li-bus/x:1.0.0',
      readinessProbe: { httpGet: { path: '/readyz' } },
      livenessProbe: { httpGet: { path: '/healthz' } },
      resources: { requests: { cpu: '1', memory: '1Mi' }, limits: { cpu: '1', memory: '1Mi' } },
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
    };
    patch(container);
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        template: {
          spec: {
            containers: [container],
            terminationGracePeriodSeconds: 30,
            topologySpreadConstraints: [{}],
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          },
        },
      },
    };
  };
  const pdb: K8sObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'x' },
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'x' } } },
  };

  it('accepts a compliant Deployment and names each violation', () => {
    expect(policyProblems([deployment(() => undefined), pdb])).toEqual([]);
    const bad = deployment((c) => {
      c.image = 'li-bus/x:latest';
      delete c.livenessProbe;
      c.securityContext.readOnlyRootFilesystem = false;
      c.securityContext.runAsNonRoot = false;
      delete c.resources.limits;
    });
    const problems = policyProblems([bad]).join('\n');
    for (const expected of [
      'not pinned',
      'liveness',
      'readOnlyRootFilesystem',
      'runAsNonRoot',
      'limits.cpu',
      'PodDisruptionBudget',
    ]) {
      expect(problems).toContain(expected);
    }
  });
});
