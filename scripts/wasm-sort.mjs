// Times examples/wasm_parse.rs's sort_columns under Node: node scripts/wasm-sort.mjs COLS BALLAST_MB
// (build as in that example's doc first). Sorting inside a large wasm memory vs a small one.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const wasm = require(new URL('../target/wasm-parse/wasm_parse.js', import.meta.url).pathname);
const [cols, mb] = process.argv.slice(2).map(Number);
const t0 = performance.now();
wasm.sort_columns(cols, mb);
console.log(`cols ${cols} ballast ${mb} MiB: ${(performance.now() - t0).toFixed(0)} ms`);
