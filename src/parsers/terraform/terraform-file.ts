import { parse as parseHcl } from '@cdktf/hcl2json';
import { LineIndex } from '../../model/source.js';
import { indexHclPositions, indexTerraformJsonPositions, type HclBodyPosition } from './position-index.js';

/** A parsed `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file: its text, line index and positioned structure. */
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

/** Parses one Terraform file; HCL is validated by HashiCorp's parser (hcl2json), positions come from our index. */
export async function parseTerraformFile(path: string, rawText: string): Promise<TerraformFile> {
  const text = rawText.startsWith(BYTE_ORDER_MARK) ? rawText.slice(1) : rawText;
  if (text.includes('\u0000')) throw new TerraformSyntaxError(path, 'binary file: it contains NUL bytes', 1, 1);
  const lines = new LineIndex(text);
  if (path.endsWith('.json')) {
    validateJson(path, text, lines);
    return { path, text, lines, syntax: 'json', body: indexTerraformJsonPositions(text) };
  }
  await validateHcl(path, text);
  return { path, text, lines, syntax: 'hcl', body: indexHclPositions(text) };
}

async function validateHcl(path: string, text: string): Promise<void> {
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
