import { parse as parseHcl } from '@cdktf/hcl2json';
import { LineIndex } from '../../model/source.js';
import { hclNestingDepth, MAXIMUM_HCL_NESTING_DEPTH } from './nesting-depth.js';
import { indexHclPositions, indexTerraformJsonPositions, type HclBodyPosition } from './position-index.js';

/** A read `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file: its text, line index and positioned structure. */
export interface TerraformFile {
  path: string;
  text: string;
  lines: LineIndex;
  syntax: 'hcl' | 'json';
  body: HclBodyPosition;
}

/** A syntax error in a Terraform file, with the position HCL or JSON reported. */
export class TerraformSyntaxError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Reads one Terraform file into its positioned structure. JSON is validated here (natively, fast); HCL is
 * validated by HashiCorp's parser only when {@link validateTerraformFile} is first called for the file, because
 * hcl2json parses at about 0.1–0.7 MB/s and most files of a module never influence a broker.
 */
export function readTerraformFile(path: string, rawText: string): TerraformFile {
  const text = rawText.startsWith(BYTE_ORDER_MARK) ? rawText.slice(1) : rawText;
  if (text.includes('\u0000')) throw new TerraformSyntaxError(path, 'binary file: it contains NUL bytes', 1, 1);
  const lines = new LineIndex(text);
  if (path.endsWith('.json')) {
    validateJson(path, text, lines);
    return { path, text, lines, syntax: 'json', body: indexTerraformJsonPositions(text) };
  }
  return { path, text, lines, syntax: 'hcl', body: indexHclPositions(text) };
}

const validations = new WeakMap<TerraformFile, Promise<TerraformSyntaxError | undefined>>();

/** Validates a file with hcl2json once; resolves to its syntax error, or undefined when the file is valid. */
export function validateTerraformFile(file: TerraformFile): Promise<TerraformSyntaxError | undefined> {
  let validation = validations.get(file);
  if (!validation) {
    validation = file.syntax === 'json' ? Promise.resolve(undefined) : validateHcl(file.path, file.text).then(() => undefined, (error: unknown) => {
      if (error instanceof TerraformSyntaxError) return error;
      throw error;
    });
    validations.set(file, validation);
  }
  return validation;
}

/** Whether {@link validateTerraformFile} has been asked for this file (only those files count as parsed). */
export function wasValidated(file: TerraformFile): boolean {
  return validations.has(file);
}

async function validateHcl(path: string, text: string): Promise<void> {
  if (hclNestingDepth(text) > MAXIMUM_HCL_NESTING_DEPTH) {
    throw new TerraformSyntaxError(path, `the file nests brackets more than ${MAXIMUM_HCL_NESTING_DEPTH} deep, which iac-mq-lint refuses to parse`);
  }
  try {
    await parseHcl(path, text);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new TerraformSyntaxError(path, 'the file nests too deeply to be parsed');
    }
    throw describeHclError(path, error);
  }
}

/** hcl2json reports `parse config: [file:line,col-col: Summary; Detail. file:...]`: keep the first diagnostic. */
function describeHclError(path: string, error: unknown): TerraformSyntaxError {
  const text = error instanceof Error ? error.message : String(error);
  const diagnostic = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^;\]]+)(?:; ([^\]]*?))?(?= \S+:\d+,\d+|\]|$)/.exec(text);
  if (!diagnostic) return new TerraformSyntaxError(path, text.replace(/^parse config: /, ''));
  const [, line, column, summary, detail] = diagnostic;
  const firstSentence = detail ? detail.split(/(?<=\.)\s/)[0] : undefined;
  const message = firstSentence ? `${summary}: ${firstSentence}` : (summary ?? 'syntax error');
  return new TerraformSyntaxError(path, message, Number(line), Number(column));
}

function validateJson(path: string, text: string, lines: LineIndex): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    if (position) {
      const where = lines.positionAt(Number(position[1]));
      throw new TerraformSyntaxError(path, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, where.line, where.column);
    }
    throw new TerraformSyntaxError(path, `invalid JSON: ${message}`);
  }
}
