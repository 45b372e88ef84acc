// The reference for the stand-in bench: the least an HTTP server can do to answer the same
// requests. A bare node:http loop that serves a fixed list body (the stand-in's own list
// response, from a file), answers creates by stamping a resourceVersion and echoing the object,
// and streams each created object to open watches. No store, no selectors, no validation.
// Usage: node reference-server.mjs LIST_BODY_FILE   (prints "listening on <url>")
import { readFileSync } from 'node:fs';
import http from 'node:http';

const listBody = readFileSync(process.argv[2]);
const watchers = new Set();
let resourceVersion = Number(JSON.parse(listBody).metadata.resourceVersion);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (req.method === 'GET' && url.searchParams.get('watch') === 'true') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    watchers.add(res);
    res.on('close', () => watchers.delete(res));
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(listBody);
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const object = JSON.parse(Buffer.concat(chunks).toString());
    object.metadata.resourceVersion = String(++resourceVersion);
    object.metadata.uid = `ref-${resourceVersion}`;
    const body = JSON.stringify(object);
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(body);
    const line = `{"type":"ADDED","object":${body}}\n`;
    for (const w of watchers) w.write(line);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => {
  for (const w of watchers) w.end();
  server.close(() => process.exit(0));
});
