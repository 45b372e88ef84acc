import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubeconfigYaml, serverUrl } from './kubeconfig.js';

describe('kubeconfigYaml', () => {
  it('writes an HTTP kubeconfig client-node accepts, with TLS verification off', () => {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfigYaml({ server: 'http://127.0.0.1:8080' }));
    expect(kc.getCurrentContext()).toBe('standin');
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'http://127.0.0.1:8080',
      skipTLSVerify: true,
    });
    expect(kc.getCurrentUser()?.token).toBe('standin-token');
    expect(kc.getContextObject('standin')?.namespace).toBe('default');
  });

  it('carries the CA for HTTPS instead', () => {
    const text = kubeconfigYaml({ server: 'https://127.0.0.1:6443', caPem: 'PEM' });
    const doc = parse(text);
    expect(doc.clusters[0].cluster).toEqual({
      server: 'https://127.0.0.1:6443',
      'certificate-authority-data': Buffer.from('PEM').toString('base64'),
    });
    const kc = new KubeConfig();
    kc.loadFromString(text);
    expect(kc.getCurrentCluster()?.caData).toBe(Buffer.from('PEM').toString('base64'));
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(false);
  });
});

describe('serverUrl', () => {
  it('brackets IPv6 hosts', () => {
    expect(serverUrl('http', '::1', 80)).toBe('http://[::1]:80');
    expect(serverUrl('https', '127.0.0.1', 6443)).toBe('https://127.0.0.1:6443');
  });
});
