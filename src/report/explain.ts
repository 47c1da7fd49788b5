import type { Deployment } from '../model/finding.js';
import { relativePath, type ReportInput } from './report-input.js';

/**
 * `--explain`: for each root module, template or plan, the contexts it was evaluated in, the files each read,
 * and for each broker the environment it was given, the evidence looked at and what each piece said.
 */
export function formatExplanation(input: Pick<ReportInput, 'result' | 'cwd'>): string {
  const deployments = input.result.deployments;
  if (deployments.length === 0) return 'No Amazon MQ brokers found: nothing to explain.\n';
  return `${deployments.map((deployment) => formatDeployment(deployment, input.cwd)).join('\n')}`;
}

function formatDeployment(deployment: Deployment, cwd: string): string {
  const lines = [`${deployment.format} ${relativePath(deployment.root, cwd) || '.'}: ${deployment.contexts.length} context${deployment.contexts.length === 1 ? '' : 's'}`];
  for (const context of deployment.contexts) {
    lines.push(`  context ${context.name}`);
    lines.push(`    reads: ${context.files.length === 0 ? '(the root only)' : context.files.map((file) => relativePath(file, cwd)).join(', ')}`);
    for (const broker of context.brokers) {
      lines.push(`    ${broker.address}: ${broker.classification.environment} (${broker.classification.reason})`);
      for (const item of broker.evidence) {
        const where = item.location ? ` at ${relativePath(item.location.file, cwd)}:${item.location.range.start.line}:${item.location.range.start.column}` : '';
        lines.push(`      ${item.kind.padEnd(12)} ${item.description}${where} -> ${item.verdict ?? 'no verdict'}`);
      }
      if (broker.evidence.length === 0) lines.push('      (no evidence)');
    }
  }
  return `${lines.join('\n')}\n`;
}
