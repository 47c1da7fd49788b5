import { InputFileError } from '../../model/finding.js';
import { LineIndex } from '../../model/source.js';
import { parseHclFile } from './hcl2json.js';
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
export class TerraformSyntaxError extends InputFileError {}

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
  // Checked for every file, used or not: such a file is refused by hcl2json, and by Terraform.
  if (hclNestingDepth(text) > MAXIMUM_HCL_NESTING_DEPTH) throw nestingError(path, { line: 1, column: 1 });
  return { path, text, lines, syntax: 'hcl', body: indexHclPositions(text) };
}

function nestingError(path: string, origin: { line: number; column: number }): TerraformSyntaxError {
  return new TerraformSyntaxError(path, `the file nests brackets more than ${MAXIMUM_HCL_NESTING_DEPTH} deep, which iac-mq-lint refuses to parse`, origin.line, origin.column);
}

const WHOLE_FILE = 'file';

/** Per file, the validations asked for so far: of the whole file, or of one top-level block by its offset. */
const validations = new WeakMap<TerraformFile, Map<string | number, Promise<TerraformSyntaxError | undefined>>>();

function validationsOf(file: TerraformFile): Map<string | number, Promise<TerraformSyntaxError | undefined>> {
  let byPart = validations.get(file);
  if (!byPart) {
    byPart = new Map();
    validations.set(file, byPart);
  }
  return byPart;
}

/** Validates a whole file with hcl2json once; resolves to its syntax error, or undefined when it is valid. */
export function validateTerraformFile(file: TerraformFile): Promise<TerraformSyntaxError | undefined> {
  const byPart = validationsOf(file);
  let validation = byPart.get(WHOLE_FILE);
  if (!validation) {
    validation = file.syntax === 'json' ? Promise.resolve(undefined) : validateHcl(file.path, file.text, { line: 1, column: 1 });
    byPart.set(WHOLE_FILE, validation);
  }
  return validation;
}

/**
 * Validates the part of a file that an offset lies in: its top-level block, or the whole file for a top-level
 * attribute. Blocks are complete HCL on their own, so a 900-line root module costs only the blocks the rules use.
 */
export function validateTerraformSource(file: TerraformFile, offset: number): Promise<TerraformSyntaxError | undefined> {
  const byPart = validationsOf(file);
  const wholeFile = byPart.get(WHOLE_FILE);
  if (wholeFile || file.syntax === 'json') return wholeFile ?? Promise.resolve(undefined);
  const block = file.body.blocks.find((candidate) => candidate.headerRange.start.offset <= offset && offset < candidate.bodyRange.end.offset);
  if (!block) return validateTerraformFile(file);
  const start = block.headerRange.start;
  let validation = byPart.get(start.offset);
  if (!validation) {
    validation = validateHcl(file.path, file.text.slice(start.offset, block.bodyRange.end.offset), start);
    byPart.set(start.offset, validation);
  }
  return validation;
}

/** Whether any part of the file was validated (only those files count as parsed). */
export function wasValidated(file: TerraformFile): boolean {
  return validations.has(file);
}

/** The first syntax error among the parts of a file validated so far. */
export async function firstSyntaxError(file: TerraformFile): Promise<TerraformSyntaxError | undefined> {
  const errors = await Promise.all([...validationsOf(file).values()]);
  return errors
    .filter((error): error is TerraformSyntaxError => error !== undefined)
    .sort((left, right) => (left.line ?? 0) - (right.line ?? 0))[0];
}

/** Runs HashiCorp's parser over `text`, which starts at `origin` in the file; errors are mapped back to the file. */
async function validateHcl(path: string, text: string, origin: { line: number; column: number }): Promise<TerraformSyntaxError | undefined> {
  if (hclNestingDepth(text) > MAXIMUM_HCL_NESTING_DEPTH) return nestingError(path, origin);
  try {
    await parseHclFile(path, text);
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return new TerraformSyntaxError(path, 'the file nests too deeply to be parsed', origin.line, origin.column);
    const described = describeHclError(path, error);
    if (described.line === undefined) return described;
    const line = origin.line + described.line - 1;
    const column = described.line === 1 && described.column !== undefined ? origin.column + described.column - 1 : described.column;
    return new TerraformSyntaxError(path, described.message, line, column);
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
