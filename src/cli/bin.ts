#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// hcl2json is a 7 MB Go WebAssembly binary. V8 recompiles its hot functions with TurboFan in background
// threads, which on two cores competes with the scan and holds process exit until it finishes; a scan is
// too short to profit. Measured on the shared corpus: 3.1 s → 1.9 s, one small module 1.3 s → 0.65 s.
// The flag must be set before any wasm is compiled, so main is imported after it.
setFlagsFromString('--liftoff-only');
const { main } = await import('./main.js');

const exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
process.exitCode = exitCode;
// hcl2json's Go runtime keeps timers alive for a while after the last call, which would hold the
// process open for hundreds of milliseconds: exit once the output has been flushed.
process.stdout.write('', () => process.stderr.write('', () => process.exit(exitCode)));
