// Benchmarks a full scan of ../shared/corpus (real and bulk) and a pre-commit sized scan of one
// small module, each in a fresh Node process so start-up and peak RSS are what a user sees.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = path.resolve(root, process.argv[2] ?? '../shared/corpus');
const smallModule = path.join(corpus, 'real', 'cloudposse__terraform-aws-mq-broker');
const moduleWithoutBroker = path.join(corpus, 'bulk', 'terraform-aws-modules__terraform-aws-vpc');
const bin = path.join(root, 'dist', 'src', 'cli', 'bin.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);

if (!existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus}`);
  process.exit(2);
}

/** Runs a command `runs` times and keeps the fastest wall time (the least disturbed by other load). */
function timeCommand(command, args, options = {}) {
  let best;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    // 2 means some files could not be scanned (the corpus holds a Handlebars template): still a complete run.
    if (result.status === null || result.status > 2 || result.stdout === "") {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
    if (!best || wallMs < best.wallMs) best = { wallMs, stdout: result.stdout, stderr: result.stderr };
  }
  return best;
}

/** Peak RSS of a child, read from GNU time's verbose report. */
function peakRssMegabytes(args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const kilobytes = Number(result.stderr.trim().split('\n').pop());
  return Number.isFinite(kilobytes) ? kilobytes / 1024 : NaN;
}

const grep = timeCommand('grep', ['-rl', 'aws_mq_broker', corpus]);
const full = timeCommand(process.execPath, [bin, corpus, '--format', 'json', '--debug']);
const stats = JSON.parse(full.stdout);
const debugLine = full.stderr.trim().split('\n').pop();
const small = timeCommand(process.execPath, [bin, smallModule, '--format', 'json']);
const noBroker = timeCommand(process.execPath, [bin, moduleWithoutBroker, '--format', 'json']);
const fullRss = existsSync('/usr/bin/time') ? peakRssMegabytes([bin, corpus, '--format', 'json']) : NaN;
const smallRss = existsSync('/usr/bin/time') ? peakRssMegabytes([bin, smallModule, '--format', 'json']) : NaN;
const megabytes = Number(execFileSync('du', ['-sb', corpus], { encoding: 'utf8' }).split('\t')[0]) / 1e6;

const rows = [
  ['corpus', path.relative(process.cwd(), corpus) || '.'],
  ['corpus size', `${megabytes.toFixed(1)} MB on disk`],
  ['scan', debugLine.replace(/^iac-mq-lint: /, '')],
  ['findings', `${stats.findings.length} findings, ${stats.errors.length} file errors, ${stats.notices.length} notices`],
  ['full scan wall', `${full.wallMs.toFixed(0)} ms (best of ${runs}, Node start-up included)`],
  ['throughput', `${(megabytes / (full.wallMs / 1000)).toFixed(1)} MB/s`],
  ['grep -rl aws_mq_broker', `${grep.wallMs.toFixed(0)} ms`],
  ['scan / grep', `${(full.wallMs / grep.wallMs).toFixed(1)}x (target: 30x)`],
  ['full scan peak RSS', `${fullRss.toFixed(0)} MB (target: < 250 MB)`],
  ['one small module wall', `${small.wallMs.toFixed(0)} ms (${path.basename(smallModule)}; target: < 300 ms)`],
  ['one small module peak RSS', `${smallRss.toFixed(0)} MB`],
  ['a module without a broker', `${noBroker.wallMs.toFixed(0)} ms (${path.basename(moduleWithoutBroker)}: no WebAssembly is started)`],
];
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
