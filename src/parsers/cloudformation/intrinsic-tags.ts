import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';
import type { CfnNode } from './template-node.js';

/** A CloudFormation short-form tag: the key of its long form and the kinds of node it may be written on. */
export interface IntrinsicTag {
  longFormKey: string;
  accepts: ReadonlyArray<CfnNode['kind']>;
}

const SCALAR = ['scalar'] as const;
const SEQUENCE = ['sequence'] as const;
const SCALAR_OR_SEQUENCE = ['scalar', 'sequence'] as const;
const SCALAR_OR_MAPPING = ['scalar', 'mapping'] as const;
const SEQUENCE_OR_MAPPING = ['sequence', 'mapping'] as const;
const MAPPING = ['mapping'] as const;

/**
 * The kinds each function accepts follow the declarations in the AWS template reference; a mapping is
 * accepted where the argument may be another function in long form (`!Base64 { Fn::Sub: ... }`), because
 * YAML cannot put two tags on one node (`!Base64 !Sub` is not valid).
 */
const ACCEPTED_KINDS: Record<string, ReadonlyArray<CfnNode['kind']>> = {
  Ref: SCALAR,
  Condition: SCALAR,
  Sub: SCALAR_OR_SEQUENCE,
  GetAtt: SCALAR_OR_SEQUENCE,
  If: SEQUENCE,
  Equals: SEQUENCE,
  And: SEQUENCE,
  Or: SEQUENCE,
  Not: SEQUENCE,
  FindInMap: SEQUENCE,
  Select: SEQUENCE,
  Join: SEQUENCE,
  Split: SEQUENCE,
  Cidr: SEQUENCE,
  ImportValue: SCALAR_OR_MAPPING,
  Base64: SCALAR_OR_MAPPING,
  GetAZs: SCALAR_OR_MAPPING,
  Transform: MAPPING,
  // AWS::LanguageExtensions.
  ToJsonString: SEQUENCE_OR_MAPPING,
  Length: SEQUENCE_OR_MAPPING,
  // Rule functions, valid in the Rules section only.
  Contains: SEQUENCE,
  EachMemberEquals: SEQUENCE,
  EachMemberIn: SEQUENCE,
  RefAll: SCALAR,
  ValueOf: SEQUENCE,
  ValueOfAll: SEQUENCE,
};

/** Every short-form tag CloudFormation accepts (`!Ref`, `!GetAtt`, ...), by tag. */
export const INTRINSIC_TAGS: ReadonlyMap<string, IntrinsicTag> = new Map(
  Object.entries(ACCEPTED_KINDS).map(([name, accepts]) => [
    `!${name}`,
    { longFormKey: name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`, accepts },
  ]),
);

/**
 * The short-form tags as `yaml` custom tags. Each is declared for scalars, sequences and mappings alike and
 * keeps the node as parsed: which kinds a function accepts is checked when the tree is built, where the
 * message can name the function (yaml would report a misplaced `!If` as an "unresolved tag").
 */
export const INTRINSIC_YAML_TAGS: Array<ScalarTag | CollectionTag> = [...INTRINSIC_TAGS.keys()].flatMap((tag) => {
  const keepCollection = (node: YAMLMap.Parsed | YAMLSeq.Parsed): YAMLMap.Parsed | YAMLSeq.Parsed => node;
  return [
    { tag, resolve: (source: string) => source },
    { tag, collection: 'seq', resolve: keepCollection },
    { tag, collection: 'map', resolve: keepCollection },
  ];
});
