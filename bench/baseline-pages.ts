import fs from 'node:fs';
import path from 'node:path';

/**
 * Reference pages the bench adds to its own build of the page (never to dist/), served by the real server as
 * plain static files from the same origin as the page and the API, so they run under exactly the same network:
 *
 * - floor.html: the least a page can do before "Take photo" is usable: read the session, then show the
 *   input. Its time-to-usable is the floor the real page is compared with.
 * - plain-upload.html: a plain uploader: sends each picked file as it is (no resizing, no metadata removal),
 *   two at a time like qrdrop's queue, and records when each is confirmed.
 */
export const BASELINE_DIR = 'bench-baselines';

const FLOOR_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>floor</title></head><body>
<p id="state">Loading…</p>
<label hidden id="take">Take photo <input type="file" accept="image/*" capture="environment"></label>
<script src="floor.js"></script></body></html>
`;

const FLOOR_JS = `
var id = new URLSearchParams(location.search).get('id');
fetch('/api/v1/upload/' + id + '/session').then(function (r) { return r.json(); }).then(function (s) {
  document.getElementById('state').textContent = s.effectiveMaxImages + ' photos';
  document.getElementById('take').hidden = false;
});
`;

const PLAIN_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>plain uploader</title></head><body>
<label>Choose photos <input id="files" type="file" accept="image/*" multiple></label>
<script src="plain-upload.js"></script></body></html>
`;

const PLAIN_JS = `
var id = new URLSearchParams(location.search).get('id');
window.plainUpload = { done: 0, failed: 0, sentBytes: 0, finishedAt: null };
function send(file) {
  var form = new FormData();
  form.append('file', file, file.name);
  form.append('source', 'gallery');
  return fetch('/api/v1/upload/' + id + '/images', { method: 'POST', body: form }).then(function (r) {
    if (r.status === 201) { window.plainUpload.done++; window.plainUpload.sentBytes += file.size; } else { window.plainUpload.failed++; }
  }, function () { window.plainUpload.failed++; });
}
document.getElementById('files').addEventListener('change', function (event) {
  var files = Array.prototype.slice.call(event.target.files);
  var next = 0;
  function worker() { if (next >= files.length) return Promise.resolve(); return send(files[next++]).then(worker); }
  Promise.all([worker(), worker()]).then(function () { window.plainUpload.finishedAt = performance.now(); });
});
`;

export function addBaselinePages(distDir: string): void {
  const dir = path.join(distDir, BASELINE_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'floor.html'), FLOOR_HTML);
  fs.writeFileSync(path.join(dir, 'floor.js'), FLOOR_JS);
  fs.writeFileSync(path.join(dir, 'plain-upload.html'), PLAIN_HTML);
  fs.writeFileSync(path.join(dir, 'plain-upload.js'), PLAIN_JS);
}
