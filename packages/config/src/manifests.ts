/**
 * Multi-document YAML to Kubernetes objects, as `kubectl apply -f` reads a file: documents
 * split on `---`, empty documents skipped, `kind: List` items flattened.
 */
import { parseAllDocuments } from 'yaml';
import { ConfigError } from './errors.js';
import { asRecord, type KubeObject } from './kube.js';

/**
 * Parses every YAML document of `text` into objects.
 *
 * @param source names the file in error messages (default `<input>`).
 * @throws ConfigError (`CONFIG_ERR_YAML`) naming the document on a syntax error or a document
 *   that is not an object with `metadata`.
 */
export function parseManifests(text: string, source = '<input>'): KubeObject[] {
  const out: KubeObject[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const where = `${source}: document ${i + 1}`;
    if (doc.errors.length > 0) {
      throw new ConfigError('CONFIG_ERR_YAML', `${where}: ${doc.errors[0]!.message}`, {
        cause: doc.errors[0],
      });
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // e.g. an alias bomb: yaml refuses to expand too many aliases.
      throw new ConfigError('CONFIG_ERR_YAML', `${where}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (value === null || value === undefined) return;
    addObject(value, where, out);
  });
  return out;
}

function addObject(value: unknown, where: string, out: KubeObject[]): void {
  const rec = asRecord(value);
  if (rec === undefined) {
    throw new ConfigError('CONFIG_ERR_YAML', `${where}: not a Kubernetes object`);
  }
  if (rec.kind === 'List' || (typeof rec.kind === 'string' && rec.kind.endsWith('List'))) {
    const items = Array.isArray(rec.items) ? rec.items : [];
    items.forEach((item, j) => {
      addObject(item, `${where} items[${j}]`, out);
    });
    return;
  }
  if (rec.metadata !== undefined && asRecord(rec.metadata) === undefined) {
    throw new ConfigError('CONFIG_ERR_YAML', `${where}: metadata is not an object`);
  }
  out.push({ ...rec, metadata: asRecord(rec.metadata) ?? {} } as KubeObject);
}
