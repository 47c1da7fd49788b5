/**
 * HashiCorp's HCL parser (`@cdktf/hcl2json`, Go compiled to WebAssembly), loaded on first use: importing it
 * starts a Go runtime (about 0.2 s), which a scan that finds no broker module never needs.
 */
type Hcl2Json = typeof import('@cdktf/hcl2json');

let loading: Promise<Hcl2Json> | undefined;

function loadHcl2Json(): Promise<Hcl2Json> {
  loading ??= import('@cdktf/hcl2json');
  return loading;
}

/** Starts the parser's start-up early, when a scan knows it will parse, so it overlaps other work. */
export function preloadHcl2Json(): void {
  void loadHcl2Json();
}

/** Parses a whole HCL file; rejects with hcl2json's diagnostics on a syntax error. */
export async function parseHclFile(fileName: string, text: string): Promise<Record<string, unknown>> {
  return (await loadHcl2Json()).parse(fileName, text);
}

/** Parses one HCL expression into hcl2json's syntax tree. */
export async function parseHclExpression(text: string): Promise<unknown> {
  return (await loadHcl2Json()).getExpressionAst('expression.tf', text);
}
