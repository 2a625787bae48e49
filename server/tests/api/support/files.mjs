// Reading back the files the server writes, with Debian's own tools: poppler-utils for PDF text and
// pages, zbar-tools for QR codes, unzip for archives.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Saves `buffer` as `name` in a scratch folder, runs fn(folder, path) and removes the folder.
export function withFile(buffer, name, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-file-'));
  try {
    writeFileSync(join(dir, name), buffer);
    return fn(dir, join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The text of a PDF, laid out as on the page.
export const pdfText = (buffer) => withFile(buffer, 'f.pdf', (_, file) => execFileSync('pdftotext', ['-layout', file, '-']).toString());

// What the QR code on the first page of a PDF says.
export const qrOf = (buffer) => withFile(buffer, 'f.pdf', (dir, file) => {
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', file, join(dir, 'page')]);
  const png = readdirSync(dir).find((f) => f.endsWith('.png'));
  return execFileSync('zbarimg', ['--quiet', '--raw', join(dir, png)]).toString().trim();
});

// The names of the entries of a zip archive.
export const zipNames = (buffer) => withFile(buffer, 'f.zip', (_, file) => execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n'));
