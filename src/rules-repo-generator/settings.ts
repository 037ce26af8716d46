/**
 * The GitHub secrets and variables the deploy job reads, per way of reaching the cluster. One list feeds the
 * workflow's comments, the command's closing instructions and the README, so the three never disagree.
 */
import type { ClusterAuth } from './options.js';

export interface DeploySetting {
  readonly kind: 'secret' | 'variable';
  readonly name: string;
  readonly description: string;
}

export function deploySettings(auth: ClusterAuth): readonly DeploySetting[] {
  switch (auth) {
    case 'kubeconfig':
      return [
        {
          kind: 'secret',
          name: 'KUBECONFIG',
          description:
            'a kubeconfig (plain text or base64) for a service account allowed to deploy Falco in the namespace',
        },
      ];
    case 'aws':
      return [
        {
          kind: 'variable',
          name: 'AWS_ROLE_ARN',
          description: 'IAM role the workflow assumes through GitHub OIDC',
        },
        { kind: 'variable', name: 'AWS_REGION', description: 'region of the EKS cluster, e.g. eu-west-1' },
        { kind: 'variable', name: 'EKS_CLUSTER_NAME', description: 'name of the EKS cluster' },
      ];
    case 'gcp':
      return [
        {
          kind: 'variable',
          name: 'GCP_WORKLOAD_IDENTITY_PROVIDER',
          description: 'projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER',
        },
        {
          kind: 'variable',
          name: 'GCP_SERVICE_ACCOUNT',
          description: 'service account the workflow impersonates',
        },
        { kind: 'variable', name: 'GKE_CLUSTER_NAME', description: 'name of the GKE cluster' },
        { kind: 'variable', name: 'GKE_LOCATION', description: 'region or zone of the GKE cluster' },
      ];
    case 'azure':
      return [
        {
          kind: 'variable',
          name: 'AZURE_CLIENT_ID',
          description: 'client ID of the app or managed identity (OIDC)',
        },
        { kind: 'variable', name: 'AZURE_TENANT_ID', description: 'Entra ID tenant ID' },
        { kind: 'variable', name: 'AZURE_SUBSCRIPTION_ID', description: 'subscription of the AKS cluster' },
        { kind: 'variable', name: 'AKS_RESOURCE_GROUP', description: 'resource group of the AKS cluster' },
        { kind: 'variable', name: 'AKS_CLUSTER_NAME', description: 'name of the AKS cluster' },
      ];
  }
}

/** How the deploy job reaches the cluster, in a few words. */
export function clusterAuthLabel(auth: ClusterAuth): string {
  switch (auth) {
    case 'kubeconfig':
      return 'a kubeconfig stored in the KUBECONFIG secret';
    case 'aws':
      return 'AWS through GitHub OIDC (no stored credentials), then EKS';
    case 'gcp':
      return 'Google Cloud through GitHub OIDC (no stored credentials), then GKE';
    case 'azure':
      return 'Azure through GitHub OIDC (no stored credentials), then AKS';
  }
}
