/** A point in a source file: 1-based line and column (in UTF-16 code units), 0-based character offset. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span of a source file, `end` pointing just past the last character. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** A span inside a named file; `file` is the path as discovered (absolute). */
export interface SourceLocation {
  file: string;
  range: SourceRange;
}

/** Converts character offsets of one text into 1-based line/column positions. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // indexOf runs natively: about ten times faster than a character loop on a 50 MB plan.
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) starts.push(newline + 1);
    this.lineStarts = starts;
  }

  /** The position of a character offset (clamped to the text). */
  positionAt(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (this.lineStarts[low] ?? 0) + 1, offset: clamped };
  }

  /** The range between two character offsets. */
  rangeAt(startOffset: number, endOffset: number): SourceRange {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** The text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** Number of lines in the text. */
  get lineCount(): number {
    return this.lineStarts.length;
  }
}
