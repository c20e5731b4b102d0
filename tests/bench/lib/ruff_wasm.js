// lib/ruff_wasm.js - Ruff's WASM build (@astral-sh/ruff-wasm-nodejs, pinned in
// package.json) on every file named on standard input, one path a line, with
// Ruff's Bandit-derived rules S102 (exec), S301 (pickle), S307 (eval) and S506
// (yaml.load). Prints "files diagnostics seconds" (seconds: reading + linting,
// module load excluded). The module is found in ./node_modules, or in
// $WL_RUFF_WASM_DIR/node_modules (a private install for benches).
'use strict';
const fs = require('fs');
const path = require('path');
const dirs = [path.resolve(__dirname, '../../..')];
if (process.env.WL_RUFF_WASM_DIR) dirs.push(path.resolve(process.env.WL_RUFF_WASM_DIR));
let ruff;
try {
  ruff = require(require.resolve('@astral-sh/ruff-wasm-nodejs', { paths: dirs }));
} catch (e) {
  console.log('not-installed');
  process.exit(0);
}
const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
const t0 = process.hrtime.bigint();
const ws = new ruff.Workspace({ lint: { select: ['S102', 'S301', 'S307', 'S506'] } }, ruff.PositionEncoding.Utf8);
let diags = 0;
for (const f of files) {
  let text;
  try {
    text = fs.readFileSync(f, 'utf8');
  } catch (e) {
    continue;
  }
  diags += ws.check(text).length;
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${files.length} ${diags} ${secs.toFixed(3)}`);
