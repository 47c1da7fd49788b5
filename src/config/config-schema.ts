import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';

/** Where the schema lives in the package: also what editors are pointed at, so it is a file and not code. */
const SCHEMA_PATH = path.join('schema', 'iac-mq-lint.schema.json');

let compiling: Promise<ValidateFunction> | undefined;

/**
 * The compiled schema of `.iac-mq-lint.yml`. Ajv is imported on first use only: a scan without a configuration
 * file never loads it.
 */
export function configSchemaValidator(): Promise<ValidateFunction> {
  compiling ??= import('ajv/dist/2020.js').then(({ default: ajvModule }) => {
    // Ajv is CommonJS: Node hands an ES module its `module.exports`, whose `default` is the class again.
    const Ajv2020 = ajvModule.default;
    // verbose: the messages need the failing schema (its enum values, its property names).
    return new Ajv2020({ allErrors: true, verbose: true }).compile(readConfigSchema());
  });
  return compiling;
}

/** The schema as JSON, found by walking up from this module: sources run from `src/config/`, builds from `dist/src/config/`. */
export function readConfigSchema(): Record<string, unknown> {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, SCHEMA_PATH);
    try {
      return JSON.parse(readFileSync(candidate, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`${SCHEMA_PATH} is missing from the iac-mq-lint installation`);
    directory = parent;
  }
}
