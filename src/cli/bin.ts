#!/usr/bin/env node
import { main } from './main.js';

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
