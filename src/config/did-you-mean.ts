/**
 * The candidates a mistyped word most likely meant: those nearest to it by edit distance, ignoring case, when
 * within a third of the word's length (at least one edit). A candidate the word abbreviates (`warn` for `warning`)
 * counts as one edit away. Several when equally near: which one was meant would be a guess.
 */
export function closestMatches(word: string, candidates: readonly string[]): string[] {
  const allowedDistance = Math.max(1, Math.floor(word.length / 3));
  const lowerCaseWord = word.toLowerCase();
  let closest: string[] = [];
  let closestDistance = allowedDistance + 1;
  for (const candidate of candidates) {
    const lowerCaseCandidate = candidate.toLowerCase();
    const isAbbreviation = word.length >= 3 && lowerCaseCandidate.startsWith(lowerCaseWord);
    const distance = Math.min(editDistance(lowerCaseWord, lowerCaseCandidate), isAbbreviation ? 1 : Infinity);
    if (distance < closestDistance) {
      closest = [candidate];
      closestDistance = distance;
    } else if (distance === closestDistance) {
      closest.push(candidate);
    }
  }
  return closest;
}

/** ` (did you mean "x"?)` or ` (did you mean "x" or "y"?)` when candidates are near the word, else the empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const suggestions = closestMatches(word, candidates).map((candidate) => `"${candidate}"`);
  const last = suggestions.pop();
  if (last === undefined) return '';
  return ` (did you mean ${suggestions.length > 0 ? `${suggestions.join(', ')} or ${last}` : last}?)`;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn one text into the other. */
function editDistance(from: string, to: string): number {
  let previousRow = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let fromIndex = 1; fromIndex <= from.length; fromIndex++) {
    const row = [fromIndex];
    for (let toIndex = 1; toIndex <= to.length; toIndex++) {
      const substitution = (previousRow[toIndex - 1] ?? 0) + (from[fromIndex - 1] === to[toIndex - 1] ? 0 : 1);
      const deletion = (previousRow[toIndex] ?? 0) + 1;
      const insertion = (row[toIndex - 1] ?? 0) + 1;
      row.push(Math.min(substitution, deletion, insertion));
    }
    previousRow = row;
  }
  return previousRow[to.length] ?? 0;
}
