import type { RuleMetadata, TypeScriptRule } from '../src/model/rule.js';
import { MQ001 } from './MQ001.js';
import { MQ002 } from './MQ002.js';
import { MQ003 } from './MQ003.js';
import { MQ004 } from './MQ004.js';
import { MQ007 } from './MQ007.js';
import { MQ009 } from './MQ009.js';
import { MQ011 } from './MQ011.js';
import { MQ012 } from './MQ012.js';

/** Metadata of every bundled rule, sorted by id. */
export const RULES: readonly RuleMetadata[] = [MQ001, MQ002, MQ003, MQ004, MQ007, MQ009, MQ011, MQ012];

/** Rules implemented in TypeScript (none yet: every current rule is expressible in Rego). */
export const TYPESCRIPT_RULES: readonly TypeScriptRule[] = [];
