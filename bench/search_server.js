#!/usr/bin/env node
// A static server for bench/search_query.sh, shaped like a static host:
//
//   node bench/search_server.js PUBLIC_DIR PORT REPORT_FILE [KEY_FILE CERT_FILE]
//
// With a key and certificate it speaks HTTPS with HTTP/2, as static hosts do (many small
// requests then share one connection instead of queueing for six); without, plain HTTP/1.1.
// Serves PUBLIC_DIR over HTTP/1.1 with keep-alive and gzip (level 6, compressed once per file
// and kept in memory) for text files when the browser asks for it. Node's event loop answers a
// small file in well under a millisecond, so the figures measure the page and the index rather
// than the server (Python's http.server added tens of milliseconds per request on this machine).
// A POST to /__report appends its body as one line to REPORT_FILE: the timing page sends its
// figures there, so the browser runs in real time and no DOM has to be dumped.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');

const [root, port, report, keyFile, certFile] = process.argv.slice(2);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
};
const cache = new Map();

function handle(req, res) {
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      fs.appendFileSync(report, Buffer.concat(chunks).toString('utf8') + '\n');
      res.writeHead(204);
      res.end();
    });
    return;
  }
  let rel;
  try {
    rel = decodeURIComponent(req.url.split(/[?#]/)[0]);
  } catch (e) {
    res.writeHead(400);
    res.end();
    return;
  }
  let file = path.join(root, path.normalize(rel));
  if (rel.endsWith('/')) file = path.join(file, 'index.html');
  const ext = path.extname(file);
  const gzip = ext in TYPES && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  const key = (gzip ? 'gz:' : '') + file;
  let body = cache.get(key);
  if (!body) {
    try {
      body = fs.readFileSync(file);
    } catch (e) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (gzip) body = zlib.gzipSync(body, { level: 6 });
    cache.set(key, body);
  }
  const head = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-cache' };
  if (gzip) head['Content-Encoding'] = 'gzip';
  res.writeHead(200, head);
  res.end(body);
}

const server = keyFile
  ? require('node:http2').createSecureServer(
    { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), allowHTTP1: true }, handle)
  : http.createServer(handle);
server.listen(Number(port), '127.0.0.1');
