import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigFileError, findProjectConfig, loadProjectConfig, type ProjectConfig } from '../../src/config/project-config.js';
import { PROJECT_ROOT } from '../support/project-root.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function projectWith(files: Record<string, string>): string {
  const directory = temporaryDirectoryWith(files);
  directories.push(directory);
  return directory;
}

/** Loads a configuration text and returns what the thrown error says, where. */
async function problemIn(text: string, options: { fileName?: string; knownRuleIds?: readonly string[] } = {}) {
  const fileName = options.fileName ?? '.iac-mq-lint.yml';
  const file = path.join(projectWith({ [fileName]: text }), fileName);
  const error: unknown = await loadProjectConfig(file, { knownRuleIds: options.knownRuleIds }).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ConfigFileError);
  const configError = error as ConfigFileError;
  expect(configError.file).toBe(file);
  return { message: configError.message, line: configError.line, column: configError.column };
}

const FULL_CONFIG = `environments:
  patterns:
    production: [prod, prd, live, /^p-\\d+$/i]
    nonProduction: [dev, qa]
  replaceDefaultPatterns: true
  mappings:
    - path: live/prod/
      environment: production
    - varFile: envs/blue.tfvars
      environment: production
    - parameterFile: params/*.json
      environment: non-production
    - workspace: Blue
      environment: production
  unknown: warning
terraform:
  varFiles:
    - root: terraform/app
      name: prod
      files: [vars/common.tfvars, vars/prod.tfvars]
      environment: production
    - root: terraform/app
      files: [vars/common.tfvars]
cloudformation:
  parameterFiles:
    - template: templates/mq.yaml
      name: prod
      files: [params/prod.json]
      environment: production
rules:
  MQ001: error
  MQ002: { enabled: true, level: note }
  MQ007: off
exclude:
  - examples/
  - "*.generated.tf"
  - "!keep.generated.tf"
`;

const FULL_CONFIG_AS_JSON = JSON.stringify(
  {
    environments: {
      patterns: { production: ['prod', 'prd', 'live', '/^p-\\d+$/i'], nonProduction: ['dev', 'qa'] },
      replaceDefaultPatterns: true,
      mappings: [
        { path: 'live/prod/', environment: 'production' },
        { varFile: 'envs/blue.tfvars', environment: 'production' },
        { parameterFile: 'params/*.json', environment: 'non-production' },
        { workspace: 'Blue', environment: 'production' },
      ],
      unknown: 'warning',
    },
    terraform: {
      varFiles: [
        { root: 'terraform/app', name: 'prod', files: ['vars/common.tfvars', 'vars/prod.tfvars'], environment: 'production' },
        { root: 'terraform/app', files: ['vars/common.tfvars'] },
      ],
    },
    cloudformation: { parameterFiles: [{ template: 'templates/mq.yaml', name: 'prod', files: ['params/prod.json'], environment: 'production' }] },
    rules: { MQ001: 'error', MQ002: { enabled: true, level: 'note' }, MQ007: 'off' },
    exclude: ['examples/', '*.generated.tf', '!keep.generated.tf'],
  },
  null,
  2,
);

/** The data of a loaded configuration, without its functions and source positions. */
function dataOf(config: ProjectConfig) {
  return {
    patterns: config.patterns,
    mappings: config.mappings.map(({ matcher, pattern, environment }) => ({ matcher, pattern, environment })),
    unknownEnvironment: config.unknownEnvironment,
    terraformContexts: config.terraformContexts.map(({ location: _location, ...context }) => context),
    cloudFormationContexts: config.cloudFormationContexts.map(({ location: _location, ...context }) => context),
    rules: config.rules,
  };
}

describe('findProjectConfig', () => {
  it('finds the file in the start directory or the nearest parent that has one', () => {
    const root = projectWith({ '.iac-mq-lint.yml': '', 'a/b/c/main.tf': '', 'a/.iac-mq-lint.json': '{}', 'a/b/c/.keep': '' });
    expect(findProjectConfig(path.join(root, 'a/b/c'))).toBe(path.join(root, 'a/.iac-mq-lint.json'));
    expect(findProjectConfig(path.join(root, 'a'))).toBe(path.join(root, 'a/.iac-mq-lint.json'));
    expect(findProjectConfig(root)).toBe(path.join(root, '.iac-mq-lint.yml'));
  });

  it.each(['.iac-mq-lint.yml', '.iac-mq-lint.yaml', '.iac-mq-lint.json'])('finds %s', (name) => {
    const root = projectWith({ [name]: '', 'modules/mq/main.tf': '' });
    expect(findProjectConfig(path.join(root, 'modules/mq'))).toBe(path.join(root, name));
  });

  it('returns undefined when no directory up to the root has one', () => {
    const root = projectWith({ 'a/main.tf': '' });
    expect(findProjectConfig(path.join(root, 'a'))).toBeUndefined();
  });

  it('ignores a directory named like a configuration file', () => {
    const root = projectWith({ '.iac-mq-lint.yml/readme': '', 'a/main.tf': '' });
    expect(findProjectConfig(path.join(root, 'a'))).toBeUndefined();
  });

  it('refuses two configuration files in one directory, naming both', () => {
    const root = projectWith({ '.iac-mq-lint.yml': '', '.iac-mq-lint.json': '{}', 'a/main.tf': '' });
    let thrown: unknown;
    try {
      findProjectConfig(path.join(root, 'a'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigFileError);
    expect((thrown as ConfigFileError).file).toBe(path.join(root, '.iac-mq-lint.yml'));
    expect((thrown as ConfigFileError).message).toBe(`found both .iac-mq-lint.yml and .iac-mq-lint.json in ${root}: keep only one configuration file`);
  });
});

describe('loadProjectConfig', () => {
  it('reads a full configuration, resolving paths against its directory', async () => {
    const root = projectWith({ 'config/.iac-mq-lint.yml': FULL_CONFIG });
    const directory = path.join(root, 'config');
    const config = await loadProjectConfig(path.join(directory, '.iac-mq-lint.yml'), { knownRuleIds: ['MQ001', 'MQ002', 'MQ007'] });
    expect(config.file).toBe(path.join(directory, '.iac-mq-lint.yml'));
    expect(config.directory).toBe(directory);
    expect(dataOf(config)).toEqual({
      patterns: {
        production: [{ word: 'prod' }, { word: 'prd' }, { word: 'live' }, { regex: /^p-\d+$/i }],
        nonProduction: [{ word: 'dev' }, { word: 'qa' }],
        replaceDefaults: true,
      },
      mappings: [
        { matcher: 'path', pattern: 'live/prod/', environment: 'production' },
        { matcher: 'varFile', pattern: 'envs/blue.tfvars', environment: 'production' },
        { matcher: 'parameterFile', pattern: 'params/*.json', environment: 'non-production' },
        { matcher: 'workspace', pattern: 'Blue', environment: 'production' },
      ],
      unknownEnvironment: 'warning',
      terraformContexts: [
        {
          root: path.join(directory, 'terraform/app'),
          name: 'prod',
          varFiles: [path.join(directory, 'vars/common.tfvars'), path.join(directory, 'vars/prod.tfvars')],
          environment: 'production',
        },
        { root: path.join(directory, 'terraform/app'), varFiles: [path.join(directory, 'vars/common.tfvars')] },
      ],
      cloudFormationContexts: [
        {
          template: path.join(directory, 'templates/mq.yaml'),
          name: 'prod',
          parameterFiles: [path.join(directory, 'params/prod.json')],
          environment: 'production',
        },
      ],
      rules: { MQ001: { enabled: true, level: 'error' }, MQ002: { enabled: true, level: 'note' }, MQ007: { enabled: false } },
    });
    // Absent optional keys are left out, not set to undefined.
    expect(Object.keys(config.terraformContexts[1] ?? {})).toEqual(['root', 'varFiles', 'location']);
  });

  it('locates mappings and contexts where they are written', async () => {
    const root = projectWith({ '.iac-mq-lint.yml': FULL_CONFIG });
    const file = path.join(root, '.iac-mq-lint.yml');
    const config = await loadProjectConfig(file);
    expect(config.mappings[1]?.location).toMatchObject({ file, range: { start: { line: 9, column: 7 }, end: { line: 10, column: 30 } } });
    expect(config.terraformContexts[0]?.location.range.start).toMatchObject({ line: 18, column: 7 });
    expect(config.cloudFormationContexts[0]?.location.range.start).toMatchObject({ line: 26, column: 7 });
  });

  it('reads the same configuration written as JSON', async () => {
    const yamlRoot = projectWith({ '.iac-mq-lint.yml': FULL_CONFIG });
    const jsonRoot = projectWith({ '.iac-mq-lint.json': FULL_CONFIG_AS_JSON });
    const fromYaml = await loadProjectConfig(path.join(yamlRoot, '.iac-mq-lint.yml'));
    const fromJson = await loadProjectConfig(path.join(jsonRoot, '.iac-mq-lint.json'));
    const relativeTo = (root: string) => (value: unknown) => JSON.parse(JSON.stringify(value, (_key, field: unknown) => (typeof field === 'string' ? field.replace(root, '<root>') : field)));
    expect(relativeTo(jsonRoot)(dataOf(fromJson))).toEqual(relativeTo(yamlRoot)(dataOf(fromYaml)));
    expect(fromJson.patterns?.production[3]).toEqual({ regex: /^p-\d+$/i });
    expect(fromJson.mappings[0]?.location.range.start).toMatchObject({ line: 17, column: 7 });
  });

  it("reads MQ008's requiredTags beside its enabled and level", async () => {
    const root = projectWith({ '.iac-mq-lint.yml': 'rules:\n  MQ008:\n    level: note\n    requiredTags: [Owner, CostCenter]\n' });
    const config = await loadProjectConfig(path.join(root, '.iac-mq-lint.yml'), { knownRuleIds: ['MQ001', 'MQ008'] });
    expect(config.rules).toEqual({ MQ008: { enabled: true, level: 'note', requiredTags: ['Owner', 'CostCenter'] } });
  });

  it('accepts an empty file: every section is optional', async () => {
    const root = projectWith({ '.iac-mq-lint.yml': '# nothing configured yet\n' });
    const config = await loadProjectConfig(path.join(root, '.iac-mq-lint.yml'));
    expect(config).toMatchObject({ mappings: [], terraformContexts: [], cloudFormationContexts: [], rules: {} });
    expect(config.patterns).toBeUndefined();
    expect(config.unknownEnvironment).toBeUndefined();
    expect(config.isExcluded(path.join(root, 'main.tf'))).toBe(false);
  });

  it('adds to the default patterns unless told to replace them', async () => {
    const root = projectWith({ '.iac-mq-lint.yml': 'environments:\n  patterns:\n    production: [blue]\n' });
    const config = await loadProjectConfig(path.join(root, '.iac-mq-lint.yml'));
    expect(config.patterns).toEqual({ production: [{ word: 'blue' }], nonProduction: [], replaceDefaults: false });
  });

  it('tells which files are excluded, with .gitignore syntax relative to the configuration file', async () => {
    const root = projectWith({ 'repo/.iac-mq-lint.yml': 'exclude:\n  - examples/\n  - "*.generated.tf"\n  - "!keep.generated.tf"\n  - /top.tf\n' });
    const config = await loadProjectConfig(path.join(root, 'repo/.iac-mq-lint.yml'));
    const excluded = (relativePath: string) => config.isExcluded(path.join(root, 'repo', relativePath));
    expect(excluded('examples/main.tf')).toBe(true);
    expect(excluded('modules/mq/examples/basic/main.tf')).toBe(true);
    expect(excluded('modules/mq/main.tf')).toBe(false);
    expect(excluded('a/b.generated.tf')).toBe(true);
    expect(excluded('a/keep.generated.tf')).toBe(false);
    expect(excluded('top.tf')).toBe(true);
    expect(excluded('a/top.tf')).toBe(false);
    // Outside the configuration's directory nothing matches, even a path the patterns would name.
    expect(config.isExcluded(path.join(root, 'examples/main.tf'))).toBe(false);
    expect(config.isExcluded(path.join(root, 'x.generated.tf'))).toBe(false);
  });

  it('matches each kind of mapping', async () => {
    const root = projectWith({ 'repo/.iac-mq-lint.yml': FULL_CONFIG });
    const repo = path.join(root, 'repo');
    const config = await loadProjectConfig(path.join(repo, '.iac-mq-lint.yml'));
    const [byDirectory, byVarFile, byParameterFile, byWorkspace] = config.mappings;
    const inRepo = (relativePath: string) => path.join(repo, relativePath);

    expect(byDirectory?.matches(inRepo('live/prod'))).toBe(true);
    expect(byDirectory?.matches(inRepo('live/prod/eu-west-1'))).toBe(true);
    expect(byDirectory?.matches(inRepo('live/prod/template.yaml'))).toBe(true);
    expect(byDirectory?.matches(inRepo('live/production'))).toBe(false);
    expect(byDirectory?.matches(inRepo('live'))).toBe(false);
    expect(byDirectory?.matches(repo)).toBe(false);
    expect(byDirectory?.matches(path.join(root, 'live/prod'))).toBe(false);

    expect(byVarFile?.matches(inRepo('envs/blue.tfvars'))).toBe(true);
    expect(byVarFile?.matches(inRepo('envs/green.tfvars'))).toBe(false);
    expect(byVarFile?.matches(inRepo('other/envs/blue.tfvars'))).toBe(false);

    expect(byParameterFile?.matches(inRepo('params/dev.json'))).toBe(true);
    expect(byParameterFile?.matches(inRepo('params/dev.yaml'))).toBe(false);

    expect(byWorkspace?.matches('blue')).toBe(true);
    expect(byWorkspace?.matches('BLUE')).toBe(true);
    expect(byWorkspace?.matches('blue-2')).toBe(false);
  });

  it('accepts any rule id of the right form when not given the list of rules', async () => {
    const root = projectWith({ '.iac-mq-lint.yml': 'rules:\n  MQ999: off\n' });
    expect((await loadProjectConfig(path.join(root, '.iac-mq-lint.yml'))).rules).toEqual({ MQ999: { enabled: false } });
  });

  it('refuses aliases that would expand a small file into a huge value', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [index, name] of ['b', 'c', 'd'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${'abc'[index]}`).join(', ')}]`);
    const root = projectWith({ '.iac-mq-lint.yml': `${levels.join('\n')}\n` });
    const file = path.join(root, '.iac-mq-lint.yml');
    await expect(loadProjectConfig(file)).rejects.toThrow(
      new ConfigFileError(file, 'not valid YAML or JSON: Excessive alias count indicates a resource exhaustion attack'),
    );
  });

  it('reports a file it cannot read', async () => {
    const root = projectWith({});
    const file = path.join(root, '.iac-mq-lint.yml');
    await expect(loadProjectConfig(file)).rejects.toThrow(ConfigFileError);
    await expect(loadProjectConfig(file)).rejects.toThrow(/^cannot read the configuration file: ENOENT/);
  });
});

/** A configuration text, what loading it must report (message, line, column), and how it is loaded. */
type ProblemCase = [text: string, message: string, line: number, column: number, options?: { fileName?: string; knownRuleIds?: readonly string[] }];

const KNOWN_RULE_IDS = ['MQ001', 'MQ002', 'MQ007'];

/** Problems in configuration files, by kind: each is reported at the key or value to fix. */
const PROBLEM_CASES: Record<string, ProblemCase[]> = {
  'an unknown key, at the key, with the key meant': [
    ['exclude: []\nenviroments:\n  unknown: warning\n', 'unknown key "enviroments" (did you mean "environments"?)', 2, 1],
    ['environments:\n  mappings:\n    - varfile: a.tfvars\n      environment: production\n', 'unknown key "varfile" (did you mean "varFile"?)', 3, 7],
    ['colour: blue\n', 'unknown key "colour"', 1, 1],
  ],
  'a value of the wrong type, at the value': [
    ['exclude: examples/\n', '"exclude" must be a list of strings, found a string', 1, 10],
    ['{\n  "exclude": "examples/"\n}\n', '"exclude" must be a list of strings, found a string', 2, 14, { fileName: '.iac-mq-lint.json' }],
    ['terraform:\n  varFiles:\n    - root: app\n      files: [a.tfvars, 3]\n', 'item 2 of "files" must be a string, found a number', 4, 25],
    ['environments:\n  replaceDefaultPatterns: "yes"\n', '"replaceDefaultPatterns" must be true or false, found a string', 2, 27],
    // An empty value has no position of its own: its key shows where it is missing.
    ['terraform:\n  varFiles:\n', '"varFiles" must be a list of mappings, found nothing', 2, 3],
    ['environments:\n  mappings:\n    - live/prod\n', 'item 1 of "mappings" must be a mapping, found a string', 3, 7],
    ['- exclude\n', 'the configuration must be a mapping, found a list', 1, 1],
  ],
  'a value outside an enumeration, with the allowed ones': [
    ['environments:\n  unknown: sometimes\n', '"unknown" must be one of error, warning, ignore', 2, 12],
    ['environments:\n  unknown: warn\n', '"unknown" must be one of error, warning, ignore (did you mean "warning"?)', 2, 12],
    ['rules:\n  MQ001: 3\n', '"MQ001" must be one of off, error, warning, note', 2, 10],
    ['rules:\n  MQ001: { level: fatal }\n', '"level" must be one of error, warning, note', 2, 19],
  ],
  'a mapping without exactly one matcher, a context without a required key': [
    ['environments:\n  mappings:\n    - environment: production\n', 'item 1 of "mappings" must have exactly one of path, varFile, parameterFile, workspace', 3, 7],
    [
      'environments:\n  mappings:\n    - path: live/\n      workspace: prod\n      environment: production\n',
      'item 1 of "mappings" must have exactly one of path, varFile, parameterFile, workspace, found path and workspace',
      4,
      7,
    ],
    ['cloudformation:\n  parameterFiles:\n    - template: mq.yaml\n', 'item 1 of "parameterFiles" is missing the required key "files"', 3, 7],
    ['terraform:\n  varFiles:\n    - root: app\n      files: []\n', '"files" must not be empty', 4, 14],
  ],
  'an environment pattern that is neither a word nor a regular expression that compiles': [
    [
      'environments:\n  patterns:\n    production: [prod, "live env"]\n',
      'item 2 of "production" must be a word (letters, digits, - and _) or a /regular expression/',
      3,
      24,
    ],
    ['environments:\n  patterns:\n    nonProduction:\n      - dev\n      - /(dev|qa/\n', '"/(dev|qa/" is not a valid regular expression: Unterminated group', 5, 9],
  ],
  'a rule id that names no rule, with the one meant': [
    ['rules:\n  MQ001: off\n  MQ07: warning\n', 'unknown rule "MQ07" (did you mean "MQ007"?)', 3, 3, { knownRuleIds: KNOWN_RULE_IDS }],
    ['rules:\n  mq002: off\n', 'unknown rule "mq002" (did you mean "MQ002"?)', 2, 3, { knownRuleIds: KNOWN_RULE_IDS }],
    // Every rule id is one digit away from several others: a guess among them would mislead, the list does not.
    ['rules:\n  MQ008: off\n', 'unknown rule "MQ008" (the rules are MQ001, MQ002, MQ007)', 2, 3, { knownRuleIds: KNOWN_RULE_IDS }],
    ['rules:\n  single-instance: off\n', 'unknown rule "single-instance" (rule ids are MQ and three digits, like MQ001)', 2, 3],
  ],
  "MQ008's requiredTags: only there, and a list of distinct keys": [
    ['rules:\n  MQ001: { requiredTags: [Owner] }\n', 'unknown key "requiredTags"', 2, 12],
    ['rules:\n  MQ008: { requiredTag: [Owner] }\n', 'unknown key "requiredTag" (did you mean "requiredTags"?)', 2, 12],
    ['rules:\n  MQ008: { requiredTags: Owner }\n', '"requiredTags" must be a list of strings, found a string', 2, 26],
    ['rules:\n  MQ008: { requiredTags: [] }\n', '"requiredTags" must not be empty', 2, 26],
    ['rules:\n  MQ008: { requiredTags: [Owner, ""] }\n', 'item 2 of "requiredTags" must not be empty', 2, 34],
    ['rules:\n  MQ008: { requiredTags: [Owner, Team, Owner] }\n', 'item 3 of "requiredTags" repeats item 1', 2, 40],
  ],
  'the first of several problems in document order': [
    ['rules:\n  MQ001: loud\nexclude: examples/\nenviroments: {}\n', '"MQ001" must be one of off, error, warning, note', 2, 10],
    [
      'environments:\n  patterns:\n    production: ["/(/"]\nrules:\n  MQ009: off\n',
      '"/(/" is not a valid regular expression: Unterminated group',
      3,
      18,
      { knownRuleIds: ['MQ001'] },
    ],
  ],
  'a YAML or JSON syntax error': [
    ['exclude:\n  - examples/\n rules: {}\n', 'not valid YAML or JSON: All mapping items must start at the same column', 3, 2],
    ['exclude: []\nexclude: [a]\n', 'not valid YAML or JSON: Map keys must be unique', 2, 1],
    ['{\n  "exclude": ["a"]\n  "rules": {}\n}\n', 'not valid YAML or JSON: Missing , between flow map items', 3, 3, { fileName: '.iac-mq-lint.json' }],
  ],
};

describe('loadProjectConfig reports', () => {
  describe.each(Object.entries(PROBLEM_CASES))('%s', (_kind, cases) => {
    it.each(cases)('%j', async (text, message, line, column, options = {}) => {
      expect(await problemIn(text, options)).toEqual({ message, line, column });
    });
  });
});

describe('the configuration schema', () => {
  const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schema/iac-mq-lint.schema.json'), 'utf8')) as Record<string, unknown>;

  it('compiles in Ajv strict mode', () => {
    // strictRequired stays off: it cannot see the properties a `oneOf` branch requires in the schema around it.
    const ajv = new Ajv2020Module.default({ strict: true, strictRequired: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate({ exclude: ['examples/'] })).toBe(true);
    expect(validate({ exclude: 'examples/' })).toBe(false);
  });

  it('gives every property a title and a description, and allows no other properties', () => {
    const undocumented: string[] = [];
    const open: string[] = [];
    const visit = (node: unknown, pointer: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schemaNode = node as Record<string, unknown>;
      const isCondition = pointer.endsWith('/if');
      if (schemaNode['type'] === 'object' && schemaNode['additionalProperties'] !== false && !isCondition) open.push(pointer);
      for (const keyword of ['properties', 'patternProperties', '$defs']) {
        for (const [name, property] of Object.entries((schemaNode[keyword] ?? {}) as Record<string, Record<string, unknown>>)) {
          if (typeof property['$ref'] !== 'string' && (typeof property['title'] !== 'string' || typeof property['description'] !== 'string')) {
            undocumented.push(`${pointer}/${keyword}/${name}`);
          }
        }
      }
      for (const [key, child] of Object.entries(schemaNode)) visit(child, `${pointer}/${key}`);
    };
    visit(schema, '#');
    expect(undocumented).toEqual([]);
    expect(open).toEqual([]);
  });
});
