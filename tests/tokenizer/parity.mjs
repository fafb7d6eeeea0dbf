// Parity test: our tokenizer against Hugging Face's (the npm `tokenizers` native binding) on a
// deterministic corpus of 24,000 strings. Checks, for every string:
//   ids (tokenizer.json)  == HF ids           ids (slow files) == HF ids
//   AsText ids            == HF ids of a tokenizer without the special added tokens
//   decode(ids)           == NFC(string)  == HF decode(ids);  streaming decode == decode
// and runs `hyperbagel-cli tokenize` (encode and --decode) on the first strings.
// Invalid UTF-8 is decoded for HF with TextDecoder (U+FFFD per maximal subpart), the behaviour
// our encoder defines for raw bytes.
// Usage: node parity.mjs --cache DIR --work DIR --tool PATH [--cli PATH] [--count N]
// Exit: 0 all identical, 1 any difference, 77 skipped (npm registry unreachable).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { parityCorpus } from './corpus.mjs';
import { ensurePackages, writeQwen25 } from './npm_packages.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const work = path.resolve(args.work);
mkdirSync(work, { recursive: true });
const { require, qwenDir } = ensurePackages(path.resolve(args.cache));
const { Tokenizer } = require('tokenizers');

const fastDir = path.join(work, 'qwen25'), slowDir = path.join(work, 'qwen25-slow');
const asTextDir = path.join(work, 'qwen25-as-text');
writeQwen25(qwenDir, fastDir, slowDir, asTextDir);
const corpus = parityCorpus(Number(args.count || 24000));
const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keep a leading U+FEFF, as we do
const strings = corpus.map((c) => decoder.decode(c.bytes));

function writeCorpus(file) {
  const parts = [];
  for (const c of corpus) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(c.bytes.length);
    parts.push(len, Buffer.from(c.bytes));
  }
  writeFileSync(file, Buffer.concat(parts));
}

function runTool(extra, out) {
  const r = spawnSync(args.tool, ['--tokenizer', path.join(fastDir, 'tokenizer.json'), ...extra,
    path.join(work, 'corpus.bin'), out], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${args.tool} failed: ${r.stderr}`);
  return readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

async function hfEncode(file, list) {
  const tok = Tokenizer.fromFile(file);
  const out = [];
  for (let i = 0; i < list.length; i += 1000) {
    const batch = await tok.encodeBatch(list.slice(i, i + 1000), { addSpecialTokens: false });
    for (const e of batch) out.push(Array.from(e.getIds()));
  }
  return { tok, ids: out };
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const show = (s) => JSON.stringify(s.length > 160 ? s.slice(0, 160) + '…' : s);
const failures = [];
const byKind = {};

function check(i, what, ok, detail) {
  const kind = corpus[i].kind;
  byKind[kind] ??= { strings: 0, failed: 0 };
  if (!ok) {
    byKind[kind].failed++;
    if (failures.length < 25) failures.push(`[${i} ${kind}] ${what}: ${show(strings[i])}\n    ${detail()}`);
  }
}

writeCorpus(path.join(work, 'corpus.bin'));
const ours = runTool(['--slow', slowDir], path.join(work, 'ours.jsonl'));
const oursAsText = runTool(['--as-text'], path.join(work, 'ours-as-text.jsonl'));
const hf = await hfEncode(path.join(fastDir, 'tokenizer.json'), strings);
const hfAsText = await hfEncode(path.join(asTextDir, 'tokenizer.json'), strings);
// Without the special tokens HF renumbers the remaining added tokens; map them back by content.
const remap = new Map();
for (const t of JSON.parse(readFileSync(path.join(asTextDir, 'tokenizer.json'), 'utf8')).added_tokens) {
  remap.set(hfAsText.tok.tokenToId(t.content), t.id);
}
hfAsText.ids = hfAsText.ids.map((ids) => ids.map((id) => remap.get(id) ?? id));

for (let i = 0; i < corpus.length; i++) {
  const o = ours[i], ref = hf.ids[i];
  (byKind[corpus[i].kind] ??= { strings: 0, failed: 0 }).strings++;
  check(i, 'ids', same(o.ids, ref), () => `ours ${JSON.stringify(o.ids.slice(0, 40))}\n    hf   ${JSON.stringify(ref.slice(0, 40))}`);
  check(i, 'slow-file ids', same(o.slow, ref), () => `slow ${JSON.stringify(o.slow.slice(0, 40))}`);
  check(i, 'as-text ids', same(oursAsText[i].ids, hfAsText.ids[i]), () => `ours ${JSON.stringify(oursAsText[i].ids.slice(0, 40))}\n    hf   ${JSON.stringify(hfAsText.ids[i].slice(0, 40))}`);
  check(i, 'decode == NFC', o.text === strings[i].normalize('NFC'), () => `decoded ${show(o.text)}`);
  check(i, 'streaming decode', o.stream, () => 'IncrementalDecoder output differs from decode()');
}
for (let i = 0; i < corpus.length; i += 7) { // HF's decoder on a seventh of the corpus (it is slow per call)
  const text = await hf.tok.decode(ours[i].ids, false);
  check(i, 'decode == HF decode', text === ours[i].text, () => `hf decoded ${show(text)}`);
}

function checkCli() {
  if (!args.cli) return 0;
  const n = 3000;
  const valid = strings.slice(0, n);
  const input = valid.map((s) => JSON.stringify(s)).join('\n') + '\n';
  const enc = spawnSync(args.cli, ['tokenize', '--tokenizer', path.join(fastDir, 'tokenizer.json')],
    { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  const lines = enc.stdout.trimEnd().split('\n');
  if (enc.status !== 0 || lines.length !== n) {
    failures.push(`hyperbagel-cli tokenize: exit ${enc.status}, ${lines.length} lines for ${n}: ${enc.stderr}`);
    return n;
  }
  let bad = 0;
  lines.forEach((l, i) => { if (!same(JSON.parse(l), hf.ids[i])) { bad++; check(i, 'cli ids', false, () => l); } });
  const dec = spawnSync(args.cli, ['tokenize', '--decode', '--tokenizer', path.join(fastDir, 'tokenizer.json')],
    { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
  const texts = dec.stdout.trimEnd().split('\n');
  texts.forEach((l, i) => {
    if (JSON.parse(l) !== valid[i].normalize('NFC')) { bad++; check(i, 'cli --decode', false, () => l); }
  });
  console.log(`hyperbagel-cli tokenize: ${n} strings encoded and decoded, ${bad} differences`);
  return bad;
}
const cliBad = checkCli();

const total = Object.values(byKind).reduce((a, k) => a + k.failed, 0);
console.log(`${corpus.length} strings (${corpus.reduce((a, c) => a + c.bytes.length, 0)} bytes), ` +
  `${hf.ids.reduce((a, x) => a + x.length, 0)} Hugging Face ids`);
for (const [kind, k] of Object.entries(byKind)) console.log(`  ${kind.padEnd(16)} ${String(k.strings).padStart(6)} strings, ${k.failed} failed checks`);
if (failures.length) console.log('first differences:\n' + failures.join('\n'));
console.log(total + cliBad === 0 ? 'PARITY OK: 100% identical ids, decode(encode(s)) == NFC(s)'
  : `PARITY FAILED: ${total} failed checks`);
process.exit(total + cliBad === 0 ? 0 : 1);
