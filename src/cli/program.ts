import { Command, InvalidArgumentError, Option } from 'commander';

/** The parsed command line. */
export interface CommandLine {
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'github' | 'markdown';
  output?: string;
  varFiles: string[];
  vars: Array<{ name: string; value: string }>;
  parameterFiles: string[];
  configDir?: string;
  workspace?: string;
  failOn: 'error' | 'warning' | 'note' | 'none';
  environment?: 'production' | 'non-production';
  unknownEnvironment?: 'error' | 'warning' | 'ignore';
  includeNonProduction: boolean;
  config?: string;
  explain: boolean;
  baseline?: string;
  writeBaseline?: string;
  quiet: boolean;
  color?: boolean;
  debug: boolean;
}

/** Writes commander's own output (help, version, usage errors) somewhere other than the global streams. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseVariable(value: string, previous: Array<{ name: string; value: string }>): Array<{ name: string; value: string }> {
  const separator = value.indexOf('=');
  if (separator <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, got "${value}"`);
  return [...previous, { name: value.slice(0, separator), value: value.slice(separator + 1) }];
}

/** Builds the commander program; it throws instead of exiting (`exitOverride`). */
export function createProgram(version: string, output: ProgramOutput): Command {
  return new Command()
    .name('iac-mq-lint')
    .description('Find single-instance Amazon MQ brokers in Terraform before they reach production.')
    .version(version, '-V, --version')
    .argument('[paths...]', 'files and directories to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'markdown']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--var-file <file>', 'Terraform variable file, as terraform -var-file (repeatable)', collect, [])
    .option('--var <name=value>', 'Terraform variable, as terraform -var (repeatable)', parseVariable, [])
    .option('--parameters <file>', 'CloudFormation parameter file: AWS CLI JSON, template configuration or Key=Value lines (repeatable)', collect, [])
    .option('--config-dir <dir>', "the Terraform configuration of scanned plans, for source locations (default: each plan's directory)")
    .option('--workspace <name>', 'Terraform workspace (default: TF_WORKSPACE, .terraform/environment, then "default")')
    .addOption(
      new Option('--fail-on <level>', 'lowest finding level that makes the exit code 1').choices(['error', 'warning', 'note', 'none']).default('error'),
    )
    .addOption(new Option('--environment <environment>', 'treat every deployment as this environment, whatever the evidence').choices(['production', 'non-production']))
    .addOption(
      new Option('--unknown-environment <level>', "level of a production finding where the environment is unknown, never above the rule's own (default: warning)").choices(['error', 'warning', 'ignore']),
    )
    .option('--include-non-production', 'also report production findings in non-production deployments, as notes', false)
    .option('--config <file>', 'project configuration (default: .iac-mq-lint.yml, .yaml or .json from the scanned path upwards)')
    .option('--explain', 'print each deployment context found, its environment and the evidence for it', false)
    .option('--baseline <file>', 'report findings the baseline holds as unchanged; only new findings fail')
    .option('--write-baseline <file>', 'write every current finding to a baseline file and exit 0')
    .option('-q, --quiet', 'report errors only: no warnings, notes or notices', false)
    .option('--no-color', 'never colour the text output (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces and scan statistics', false)
    .exitOverride()
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
}

/** Reads the parsed options of a program into a typed command line. */
export function readCommandLine(program: Command): CommandLine {
  const options = program.opts<{
    format: CommandLine['format'];
    output?: string;
    varFile: string[];
    var: Array<{ name: string; value: string }>;
    parameters: string[];
    configDir?: string;
    workspace?: string;
    failOn: CommandLine['failOn'];
    environment?: CommandLine['environment'];
    unknownEnvironment?: CommandLine['unknownEnvironment'];
    includeNonProduction: boolean;
    config?: string;
    explain: boolean;
    baseline?: string;
    writeBaseline?: string;
    quiet: boolean;
    color: boolean;
    debug: boolean;
  }>();
  const commandLine: CommandLine = {
    paths: program.processedArgs[0] as string[],
    format: options.format,
    varFiles: options.varFile,
    vars: options.var,
    parameterFiles: options.parameters,
    failOn: options.failOn,
    includeNonProduction: options.includeNonProduction,
    explain: options.explain,
    quiet: options.quiet,
    debug: options.debug,
  };
  if (options.environment !== undefined) commandLine.environment = options.environment;
  if (options.unknownEnvironment !== undefined) commandLine.unknownEnvironment = options.unknownEnvironment;
  if (options.config !== undefined) commandLine.config = options.config;
  if (options.baseline !== undefined) commandLine.baseline = options.baseline;
  if (options.writeBaseline !== undefined) commandLine.writeBaseline = options.writeBaseline;
  if (options.output !== undefined) commandLine.output = options.output;
  if (options.workspace !== undefined) commandLine.workspace = options.workspace;
  if (options.configDir !== undefined) commandLine.configDir = options.configDir;
  if (options.color === false) commandLine.color = false;
  return commandLine;
}
