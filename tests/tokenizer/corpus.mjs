// Deterministic test corpus for the tokenizer parity test and benchmark. A seeded PRNG (mulberry32)
// drives generators for each kind of text the issue lists; the same seed always gives the same
// strings, as byte arrays (some deliberately invalid UTF-8). No data is downloaded.

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
  return r;
}

const cp = (c) => String.fromCodePoint(c);
const enc = new TextEncoder();

const WORDS = (
  'the of and to in is was he for it with as his on be at by had are but from or have an they which one you ' +
  'were her all she there would their we him been has when who will more no if out so said what up its about ' +
  'into than them can only other new some could time these two may then do first any my now such like our over ' +
  'man me even most made after also did many before must through back years where much your way well down should ' +
  'because each just those people how too little state good very make world still own see men work long get here ' +
  'between both life being under never day same another know while last might us great old year off come since ' +
  'against go came right used take three cube sphere red blue green yellow shape image left above below picture ' +
  'tokenizer encoding parity unicode normalization Hugging Face BAGEL model Qwen transformer attention'
).split(' ');
const CONTRACTIONS = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "n't"];
const PUNCT = ['.', ',', ';', ':', '!', '?', '...', ' -', ' —', ' (', ')', '"', '“', '”', '‘', '’', '«', '»'];

function prose(r, sentences) {
  let out = '';
  for (let s = 0; s < sentences; s++) {
    const n = r.int(3, 18);
    let sent = '';
    for (let i = 0; i < n; i++) {
      let w = r.pick(WORDS);
      if (i === 0) w = w[0].toUpperCase() + w.slice(1);
      if (r.chance(0.04)) w = w.toUpperCase();
      if (r.chance(0.05)) w += r.pick(CONTRACTIONS);
      if (r.chance(0.03)) w = String(r.int(0, 100000));
      sent += (i ? ' ' : '') + w;
      if (i < n - 1 && r.chance(0.08)) sent += r.pick([',', ';', ':', ' -']);
    }
    out += (s ? r.pick([' ', '  ', '\n', '\n\n', ' ']) : '') + sent + r.pick(['.', '.', '.', '!', '?', '...', '."']);
  }
  return out;
}

const CODE_LINES = [
  'int main(int argc, char** argv) {', '    return 0;', '}', 'for (size_t i = 0; i < n; ++i) {',
  '\tx += a[i] * b[i];', 'def forward(self, x: torch.Tensor) -> torch.Tensor:', '        return self.proj(x) + x',
  'const ids = await tokenizer.encode(text);', 'if (err != nullptr && *err) { throw std::runtime_error("bad"); }',
  '#include <vector>', '// TODO(someone): fix the off-by-one', '/* block comment */ auto v = std::vector<int>{1, 2, 3};',
  'SELECT id, name FROM users WHERE age >= 18;', '<div class="row"><span>{{ value }}</span></div>',
  'x = [i**2 for i in range(10) if i % 3 == 0]', 'fn main() { println!("{:?}", vec![1u8, 2, 3]); }',
  '    m_cache.insert({key, value});', 'export PATH="$HOME/.local/bin:$PATH"', '$ git commit -m "fix: it\'s done"',
  'a&&b||c!=d<=e>>=f', "std::string s = R\"(raw \\n string)\";", '{"key": [1, 2.5e-3, null, true], "k2": "v"}',
];

function code(r) {
  const n = r.int(1, 12);
  const eol = r.pick(['\n', '\n', '\r\n']);
  let out = '';
  for (let i = 0; i < n; i++) {
    let line = r.pick(CODE_LINES);
    if (r.chance(0.2)) line = ' '.repeat(r.int(1, 16)) + line.trimStart();
    if (r.chance(0.1)) line = '\t'.repeat(r.int(1, 4)) + line.trimStart();
    if (r.chance(0.1)) line += ' '.repeat(r.int(1, 4));
    out += line + (i < n - 1 || r.chance(0.5) ? eol : '');
  }
  return out;
}

// Stable, long-assigned ranges per script (new characters would test Unicode versions, not us).
const SCRIPTS = {
  hiragana: [[0x3041, 0x3096]], katakana: [[0x30a1, 0x30fa], [0x30fc, 0x30fc]], kanji: [[0x4e00, 0x9fa5]],
  hangul: [[0xac00, 0xd7a3]], arabic: [[0x0621, 0x064a], [0x0660, 0x0669], [0x064b, 0x0652]],
  devanagari: [[0x0905, 0x0939], [0x093e, 0x094d], [0x0966, 0x096f], [0x0901, 0x0903]],
  cyrillic: [[0x0410, 0x044f]], greek: [[0x0391, 0x03a9], [0x03b1, 0x03c9], [0x0386, 0x038f]],
  hebrew: [[0x05d0, 0x05ea], [0x05b0, 0x05b9]], thai: [[0x0e01, 0x0e3a], [0x0e40, 0x0e4e], [0x0e50, 0x0e59]],
  latin: [[0x41, 0x5a], [0x61, 0x7a], [0xc0, 0xff], [0x100, 0x17f]],
};

function fromRanges(r, ranges) {
  const [lo, hi] = r.pick(ranges);
  return cp(r.int(lo, hi));
}

function scriptText(r, name) {
  const cjk = { japanese: ['hiragana', 'hiragana', 'katakana', 'kanji'], chinese: ['kanji'], korean: ['hangul'] }[name];
  let out = '';
  const words = r.int(1, 14);
  for (let w = 0; w < words; w++) {
    const len = r.int(1, 8);
    for (let i = 0; i < len; i++) out += fromRanges(r, SCRIPTS[cjk ? r.pick(cjk) : name]);
    if (cjk) out += r.pick(['', '', '、', '。', '「', '」', '！', '？', ' ', '，', '（', '）', '１２', '3']);
    else out += r.pick([' ', ' ', ' ', ', ', '. ', '، ', '। ', '? ', '\n']);
  }
  return out;
}

const SKIN = [0x1f3fb, 0x1f3fc, 0x1f3fd, 0x1f3fe, 0x1f3ff];
const EMOJI_BASE = [0x1f600, 0x1f602, 0x1f60d, 0x1f44d, 0x1f44b, 0x1f468, 0x1f469, 0x1f467, 0x1f466, 0x1f9d1,
  0x2764, 0x1f525, 0x1f680, 0x1f308, 0x1f431, 0x1f436, 0x2b50, 0x1f389, 0x1f914, 0x1f64f, 0x1f3f3, 0x1f3f4];

function emoji(r) {
  let out = '';
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    switch (r.int(0, 6)) {
      case 0: out += cp(r.pick(EMOJI_BASE)); break;
      case 1: out += cp(r.pick([0x1f44d, 0x1f44b, 0x1f9d1, 0x1f469])) + cp(r.pick(SKIN)); break;
      case 2: // ZWJ family / professions
        out += [cp(0x1f468), cp(0x1f469), cp(0x1f467), cp(0x1f466)].slice(0, r.int(2, 4)).join('\u200d'); break;
      case 3: { // flags: regional indicator pairs
        const a = r.int(0, 25), b = r.int(0, 25);
        out += cp(0x1f1e6 + a) + cp(0x1f1e6 + b); break;
      }
      case 4: out += cp(0x1f3f3) + '\ufe0f\u200d' + cp(0x1f308); break; // rainbow flag
      case 5: out += r.pick(['1', '#', '*']) + '\ufe0f\u20e3'; break; // keycap
      default: out += cp(0x1f9d1) + cp(r.pick(SKIN)) + '\u200d' + cp(r.pick([0x1f4bb, 0x1f52c, 0x1f680])); break;
    }
    out += r.pick(['', '', ' ', ' ok ', '!', '\n', 'text']);
  }
  return out;
}

// Combining marks in random order (canonical reordering), decomposed letters that NFC composes,
// Hangul jamo that compose into syllables, singletons (Ohm, Angstrom) and NFKC-only characters
// that NFC must keep.
function combining(r) {
  let out = '';
  const n = r.int(1, 10);
  for (let i = 0; i < n; i++) {
    switch (r.int(0, 5)) {
      case 0: {
        out += r.pick(['a', 'e', 'o', 'u', 'A', 'E', 'n', 'c', 's', 'z', 'i', 'y', 'w', 'x', 'q', ' ', '1']);
        const marks = r.int(1, 4);
        for (let m = 0; m < marks; m++) out += cp(r.int(0x300, 0x36f));
        break;
      }
      case 1: out += 'e\u0301' + r.pick(['', 'te', ' ']) + 'A\u030a' + 'n\u0303' + 'C\u0327'; break;
      case 2: out += cp(0x1100 + r.int(0, 18)) + cp(0x1161 + r.int(0, 20)) + (r.chance(0.5) ? cp(0x11a8 + r.int(0, 26)) : ''); break;
      case 3: out += r.pick(['\u2126', '\u212b', '\u212a', '\u0344', '\u0958', '\u2000', '\u1e9b\u0323']); break;
      case 4: out += r.pick(['ﬁ', '①', '㎏', 'ｶ', 'ﾞ', '²', 'Ⅻ', '½', 'ǅ', 'ſ']); break;
      default: out += 'क' + cp(r.pick([0x93c, 0x94d, 0x93f, 0x947])) + cp(r.pick([0x93c, 0x94d, 0x901]));
    }
    out += r.pick(['', ' ', 'x', '\n']);
  }
  return out;
}

const DIGITS = ['0123456789', '٠١٢٣٤٥٦٧٨٩', '０１２３４５６７８９', '०१२३४५६७८९'];

function numbers(r) {
  const len = r.int(1, 64);
  const digits = r.chance(0.85) ? DIGITS[0] : r.pick(DIGITS);
  let n = '';
  for (let i = 0; i < len; i++) n += digits[r.int(0, 9)];
  switch (r.int(0, 7)) {
    case 0: return n;
    case 1: return '-' + n + '.' + String(r.int(0, 99999));
    case 2: return Number(n.slice(0, 15) || '0').toLocaleString('en-US');
    case 3: return n.slice(0, 8) + 'e-' + r.int(1, 300);
    case 4: return '$' + n.slice(0, 7) + ' and ' + n + 'px';
    case 5: return 'v' + r.int(0, 20) + '.' + r.int(0, 99) + '.' + r.int(0, 999) + ' ' + r.pick(['²', '³', '½', 'Ⅻ', '①']);
    case 6: return 'x' + n + 'y' + n.slice(0, 3) + ' ' + n;
    default: return '0x' + Math.floor(r.next() * 0xffffffff).toString(16) + ' ' + n;
  }
}

const WS = [' ', ' ', ' ', '\t', '\n', '\r\n', '\r', '\u000b', '\u000c', '\u00a0', '\u2002', '\u2003', '\u2009',
  '\u200a', '\u3000', '\u2028', '\u2029', '\u0085', '\u1680', '\u202f', '\u205f', '\u180e', '\u200b', '\u001c'];

function whitespace(r) {
  let out = r.chance(0.3) ? '' : r.pick(WORDS);
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    const run = r.int(1, 6);
    for (let k = 0; k < run; k++) out += r.pick(WS);
    if (r.chance(0.8)) out += r.pick([r.pick(WORDS), '!', '.', '42', '"quoted"', '(', '日本', '']);
  }
  if (r.chance(0.4)) out += ' '.repeat(r.int(1, 5)); // trailing spaces
  return out;
}

function contractions(r) {
  const apostrophes = ["'", "'", "'", '’', '`'];
  const tails = ['s', 't', 're', 've', 'm', 'll', 'd', 'S', 'T', 'RE', 'VE', 'M', 'LL', 'D', 'Re', 'rE', 'Ll', 'lL',
    'ſ', 'ſt', 'st', 'ts', 'x', 'LLama', 'dd', ''];
  let out = '';
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    out += r.pick(['it', 'IT', 'we', 'They', 'you', '', ' ', '1', 'x ', '日本', '"', 'I']) + r.pick(apostrophes) +
      r.pick(tails) + r.pick([' ', '', '.', '\n', 'a', '1']);
  }
  return out;
}

export const QWEN25_ADDED = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|object_ref_start|>',
  '<|object_ref_end|>', '<|box_start|>', '<|box_end|>', '<|quad_start|>', '<|quad_end|>', '<|vision_start|>',
  '<|vision_end|>', '<|vision_pad|>', '<|image_pad|>', '<|video_pad|>', '<tool_call>', '</tool_call>',
  '<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>'];

function specials(r) {
  let out = '';
  const n = r.int(1, 6);
  for (let i = 0; i < n; i++) {
    switch (r.int(0, 4)) {
      case 0: out += r.pick(QWEN25_ADDED); break;
      case 1: out += r.pick(QWEN25_ADDED).slice(0, -1); break; // near miss
      case 2: out += r.pick(['<think>', '</think>', '<|im_start', 'im_end|>', '<||>', '<|', '|>']); break;
      case 3: out += ' ' + r.pick(QWEN25_ADDED) + r.pick(['\n', ' ', '']); break;
      default: out += prose(r, 1).slice(0, r.int(0, 40));
    }
    out += r.pick(['', '', 'user\n', 'assistant\n', ' ', '\n', 'x', '日本語']);
  }
  return out;
}

function longWord(r) {
  const len = r.int(100, 6000);
  switch (r.int(0, 6)) {
    case 0: return 'a'.repeat(len);
    case 1: { let s = ''; for (let i = 0; i < len; i++) s += String.fromCharCode(97 + r.int(0, 25)); return s; }
    case 2: return 'ab'.repeat(len >> 1) + ' ' + 'Ġ'.repeat(r.int(1, 50));
    case 3: { let s = ''; for (let i = 0; i < len >> 1; i++) s += fromRanges(r, SCRIPTS.kanji); return s; }
    case 4: return '='.repeat(len) + '\n' + '-'.repeat(r.int(1, 200));
    case 5: return ' '.repeat(len) + 'x' + '\n'.repeat(r.int(1, 50)) + '\t'.repeat(r.int(1, 50));
    default: return '1234567890'.repeat(len / 10 | 0);
  }
}

// Random code points from long-assigned ranges of every class (letters, marks, digits, spaces,
// symbols), to find branch interactions that hand-written cases miss.
const FUZZ_RANGES = [[0x20, 0x7e], [0x20, 0x7e], [0xa0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff],
  [0x5d0, 0x5ea], [0x621, 0x64a], [0x660, 0x669], [0x900, 0x97f], [0xe01, 0xe5b], [0x2000, 0x206f],
  [0x20a0, 0x20bf], [0x2100, 0x214f], [0x2150, 0x218b], [0x2190, 0x23ff], [0x2460, 0x24ff], [0x2500, 0x27bf],
  [0x3000, 0x303f], [0x3041, 0x30ff], [0x4e00, 0x4fff], [0xac00, 0xac80], [0xff01, 0xff9f], [0x1d400, 0x1d7ff],
  [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x9, 0xd], [0x1c, 0x1f]];

function fuzz(r) {
  let out = '';
  const n = r.int(1, 40);
  for (let i = 0; i < n; i++) {
    const [lo, hi] = r.pick(FUZZ_RANGES);
    const c = r.int(lo, hi);
    if (c >= 0xd800 && c <= 0xdfff) continue;
    out += r.chance(0.15) ? r.pick(["'", ' ', '\n', "'s", ' '] ) : cp(c);
  }
  return out;
}

// Invalid UTF-8: truncated sequences, stray continuation bytes, overlong forms, surrogates,
// values past U+10FFFF and bytes that never occur, spliced into valid text.
const BAD = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xfe], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3], [0xe3, 0x81],
  [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc]];

function invalidUtf8(r) {
  const base = enc.encode(r.pick([prose(r, 1), scriptText(r, 'japanese'), emoji(r), code(r)]));
  const parts = [];
  let pos = 0;
  const cuts = r.int(1, 4);
  for (let i = 0; i < cuts; i++) {
    const at = r.int(pos, base.length);
    parts.push(...base.slice(pos, at), ...r.pick(BAD));
    pos = at;
  }
  parts.push(...base.slice(pos));
  if (r.chance(0.3)) parts.length = Math.max(0, parts.length - r.int(1, 3)); // truncate mid-character
  return Uint8Array.from(parts);
}

function mixed(r) {
  const gens = [() => prose(r, r.int(1, 3)), () => code(r), () => scriptText(r, r.pick(['japanese', 'chinese',
    'korean', 'arabic', 'devanagari', 'cyrillic', 'greek', 'hebrew', 'thai'])), () => emoji(r), () => numbers(r),
    () => whitespace(r), () => contractions(r), () => specials(r), () => combining(r)];
  let out = '';
  const n = r.int(2, 5);
  for (let i = 0; i < n; i++) out += r.pick(gens)() + r.pick(['', ' ', '\n']);
  return out;
}

const FIXED = ['', ' ', '  ', '\n', '\r\n', '\t', 'a', "'", "'s", "'S", "'ſ", ' \u00a0b', 'x\u180ey', '\u00a0',
  'Hello, world!', "I'm here, aren't you? THEY'LL see.", 'e\u0301', '\u1100\u1161\u11a8', 'é', '<|im_start|>',
  '<|im_start|><|im_end|>', ' <|im_end|> ', 'hi <|endoftext|>', '12345678901234567890', 'ﬁ', '\ufeff', '\u0000',
  'a\u0000b', '\ud83d\udc4d\ud83c\udffd'];

/// The parity corpus: [{kind, bytes: Uint8Array}], `count` strings, always the same for a seed.
export function parityCorpus(count = 24000, seed = 20250101) {
  const r = rng(seed);
  const kinds = [
    ['prose', () => prose(r, r.int(1, 4))], ['code', () => code(r)], ['japanese', () => scriptText(r, 'japanese')],
    ['chinese', () => scriptText(r, 'chinese')], ['korean', () => scriptText(r, 'korean')],
    ['arabic', () => scriptText(r, 'arabic')], ['hindi', () => scriptText(r, 'devanagari')],
    ['other-scripts', () => scriptText(r, r.pick(['cyrillic', 'greek', 'hebrew', 'thai', 'latin']))],
    ['emoji', () => emoji(r)], ['combining-nfc', () => combining(r)], ['numbers', () => numbers(r)],
    ['whitespace', () => whitespace(r)], ['contractions', () => contractions(r)], ['special-tokens', () => specials(r)],
    ['fuzz', () => fuzz(r)], ['mixed', () => mixed(r)],
  ];
  const out = FIXED.map((s) => ({ kind: 'fixed', bytes: enc.encode(s) }));
  for (let i = 0; out.length < count; i++) {
    if (i % 200 === 7) out.push({ kind: 'long-word', bytes: enc.encode(longWord(r)) });
    else if (i % 25 === 3) out.push({ kind: 'invalid-utf8', bytes: invalidUtf8(r) });
    else {
      const [kind, gen] = kinds[i % kinds.length];
      out.push({ kind, bytes: enc.encode(gen()) });
    }
  }
  return out;
}

/// A mixed benchmark corpus of about `bytes` bytes, as documents (mostly prose and code, as chat
/// and prompt text is), for throughput runs.
export function benchCorpus(bytes = 12 << 20, seed = 777) {
  const r = rng(seed);
  const docs = [];
  let total = 0;
  while (total < bytes) {
    let doc = '';
    const target = r.int(2000, 12000);
    while (doc.length < target) {
      const k = r.next();
      if (k < 0.55) doc += prose(r, r.int(2, 8)) + '\n\n';
      else if (k < 0.70) doc += code(r) + '\n';
      else if (k < 0.85) doc += scriptText(r, r.pick(['japanese', 'chinese', 'korean'])) + '\n';
      else if (k < 0.93) doc += scriptText(r, r.pick(['arabic', 'devanagari', 'cyrillic', 'greek'])) + '\n';
      else doc += mixed(r) + '\n';
    }
    const b = enc.encode(doc);
    docs.push(b);
    total += b.length;
  }
  return docs;
}
