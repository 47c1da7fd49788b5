// Regenerates the README rule table and docs/rules/<ID>.md from the rule metadata in rules/*.ts and the
// fixtures in fixtures/<ID>/; test/docs/generated-docs.test.ts fails when they are stale.
// Usage: npm run gen:docs (compiles first: this script imports the compiled rules and formatter from dist/).
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleFixtures, formatRuleDoc, formatRuleTable, replaceRuleTable } from '../dist/src/report/rule-docs.js';
import { RULES } from '../dist/rules/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS_DIR = 'docs/rules';

/** Reads a fixture shown as an example; `file` is relative to the root, with `/` separators. */
async function readExample(file) {
  return { file, text: await readFile(path.join(ROOT, file), 'utf8') };
}

async function main() {
  const readmePath = path.join(ROOT, 'README.md');
  await writeFile(readmePath, replaceRuleTable(await readFile(readmePath, 'utf8'), formatRuleTable(RULES)));

  const docsDir = path.join(ROOT, DOCS_DIR);
  await mkdir(docsDir, { recursive: true });
  const documented = new Set();
  for (const rule of RULES) {
    const fixtures = exampleFixtures(rule);
    const examples = { failing: await readExample(fixtures.failing), passing: await readExample(fixtures.passing) };
    const name = `${rule.id}.md`;
    await writeFile(path.join(docsDir, name), formatRuleDoc(rule, examples));
    documented.add(name);
  }
  // A retired rule keeps its id forever, but not its page: the docs describe the rules that run.
  const stale = (await readdir(docsDir)).filter((name) => name.endsWith('.md') && !documented.has(name)).sort();
  for (const name of stale) await rm(path.join(docsDir, name));

  console.log(
    `README.md: rule table with ${RULES.length} rules; ${DOCS_DIR}: ${documented.size} written` +
      (stale.length > 0 ? `, ${stale.join(', ')} removed` : ''),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
