/** Type declarations for new-rule.mjs, so the test that runs it is type-checked. */
export function scaffoldRule(root: string, id: string, slug: string, title: string): string[];
