/**
 * Reading and chunking throughput on a generated Markdown file (default 10 MB), on the chunker
 * alone over ~100k chunks, and reading a generated 200-page PDF. Prints figures; not a pass/fail test.
 *   npx tsx test/bench/chunk-throughput.ts [megabytes]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chunkDocument } from '../../src-main/engine/ingest/chunk';
import { readDocument } from '../../src-main/engine/ingest/readers/index';
import { defaultReadLimits, type Block, type ReadDocument } from '../../src-main/engine/ingest/types';

const words = `analyst harbour copper risk liquidity reserve auditor valuation currency exposure hedging
programme contract winter committee board quarter margin smelting unit price information retrieval
system document evidence citation passage library question answer`.split(/\s+/);

let seed = 7;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = (): string => words[Math.floor(random() * words.length)] as string;

function sentence(): string {
  const length = 6 + Math.floor(random() * 22);
  const text = Array.from({ length }, pick).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${random() < 0.2 ? ', 2024' : ''}.`;
}

function markdown(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let section = 0;
  while (size < bytes) {
    section += 1;
    const piece: string[] = [`# Chapter ${section}`, `## Part ${section}.1`];
    for (let index = 0; index < 6; index += 1) {
      piece.push(Array.from({ length: 2 + Math.floor(random() * 8) }, sentence).join(' '));
    }
    piece.push(`- ${sentence()}\n- ${sentence()}\n- ${sentence()}`);
    piece.push(`| Item | Value |\n|---|---|\n| ${pick()} | ${Math.floor(random() * 1000)} |\n| ${pick()} | 7 |`);
    const text = piece.join('\n\n');
    parts.push(text);
    size += text.length + 2;
  }
  return parts.join('\n\n');
}

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

const megabytes = Number(process.argv[2] ?? 10);
const folder = mkdtempSync(join(tmpdir(), 'quarry-bench-'));
try {
  const path = join(folder, 'generated.md');
  writeFileSync(path, markdown(megabytes * 1024 * 1024));

  let start = process.hrtime.bigint();
  const doc = await readDocument(path, defaultReadLimits);
  const readSeconds = seconds(start);
  start = process.hrtime.bigint();
  const chunked = chunkDocument(doc);
  const chunkSeconds = seconds(start);
  const chunks = chunked.chunks.length;
  console.log(`markdown ${megabytes} MB: ${doc.blocks.length} blocks, ${chunks} chunks (256/32 tokens)`);
  console.log(`  read   ${readSeconds.toFixed(2)} s`);
  console.log(`  chunk  ${chunkSeconds.toFixed(2)} s  = ${Math.round(chunks / chunkSeconds)} chunks/s`);
  console.log(`  total  ${(readSeconds + chunkSeconds).toFixed(2)} s  = ${Math.round(chunks / (readSeconds + chunkSeconds))} chunks/s`);

  // The chunker alone on a document big enough for ~100k chunks.
  const copies = Math.ceil(100_000 / Math.max(1, chunks));
  const blocks: Block[] = [];
  for (let copy = 0; copy < copies; copy += 1) blocks.push(...doc.blocks);
  const big: ReadDocument = { ...doc, blocks };
  start = process.hrtime.bigint();
  const bigChunks = chunkDocument(big).chunks.length;
  const bigSeconds = seconds(start);
  console.log(`chunker alone: ${bigChunks} chunks in ${bigSeconds.toFixed(2)} s = ${Math.round(bigChunks / bigSeconds)} chunks/s`);

  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  for (let page = 0; page < 200; page += 1) {
    const sheet = pdf.addPage([595, 842]);
    for (let line = 0; line < 48; line += 1) {
      sheet.drawText(Array.from({ length: 11 }, pick).join(' '), { x: 50, y: 790 - line * 15, size: 11, font });
    }
  }
  const pdfPath = join(folder, 'generated.pdf');
  writeFileSync(pdfPath, await pdf.save());
  start = process.hrtime.bigint();
  const pdfDoc = await readDocument(pdfPath, defaultReadLimits);
  const pdfSeconds = seconds(start);
  const pdfChunks = chunkDocument(pdfDoc).chunks.length;
  console.log(`pdf 200 pages: read ${pdfSeconds.toFixed(2)} s = ${Math.round(200 / pdfSeconds)} pages/s, ${pdfChunks} chunks`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
