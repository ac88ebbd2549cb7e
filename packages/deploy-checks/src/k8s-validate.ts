import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { K8sObject } from './kustomize.ts';

interface Validatable {
  validate(): void;
}

/** The kinds the manifests may contain, by `apiVersion/kind`, each with its schema-validating model. */
const MODELS: Record<string, (object: K8sObject) => Validatable> = {
  'apps/v1/Deployment': (o) => new Deployment(o),
  'autoscaling/v2/HorizontalPodAutoscaler': (o) => new HorizontalPodAutoscaler(o as never),
  'networking.k8s.io/v1/NetworkPolicy': (o) => new NetworkPolicy(o),
  'policy/v1/PodDisruptionBudget': (o) => new PodDisruptionBudget(o),
  'v1/ConfigMap': (o) => new ConfigMap(o),
  'v1/Secret': (o) => new Secret(o),
  'v1/Service': (o) => new Service(o),
  'v1/ServiceAccount': (o) => new ServiceAccount(o),
  'keda.sh/v1alpha1/ScaledObject': (o) => new ScaledObject(o as never),
};

/** Validates one object against its Kubernetes (or KEDA) JSON schema; returns the problem, or null. */
export function schemaProblem(object: K8sObject): string | null {
  const key = `${object.apiVersion}/${object.kind}`;
  const model = MODELS[key];
  const where = `${object.kind}/${object.metadata.name}`;
  if (!model) return `${where}: no schema for ${key}`;
  try {
    model(object).validate();
    return null;
  } catch (error) {
    return `${where}: ${(error as Error).message}`;
  }
}
