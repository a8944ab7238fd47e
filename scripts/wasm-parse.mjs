// Times the parser compiled to wasm (examples/wasm_parse.rs) under Node, whose V8 is the engine of
// Chromium's workers; with `node --cpu-prof` it writes a profile of it. Usage in that example's doc.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const wasm = require(new URL('../target/wasm-parse/wasm_parse.js', import.meta.url).pathname);
const file = process.argv[2];
const bytes = readFileSync(file);
for (const f of ['parse', 'parse', 'parse', 'parse_and_encode']) {
  const t0 = performance.now();
  const n = wasm[f](bytes);
  console.log(`${f}: ${(performance.now() - t0).toFixed(0)} ms (${n})`);
}
