import type { RuleMetadata, TypeScriptRule } from '../src/model/rule.js';
import { MQ001 } from './MQ001.js';
import { MQ002 } from './MQ002.js';
import { MQ003 } from './MQ003.js';
import { MQ004 } from './MQ004.js';
import { MQ005 } from './MQ005.js';
import { MQ006 } from './MQ006.js';
import { MQ007 } from './MQ007.js';
import { MQ008 } from './MQ008.js';
import { MQ009 } from './MQ009.js';
import { MQ010 } from './MQ010.js';
import { MQ011 } from './MQ011.js';
import { MQ012 } from './MQ012.js';

/** Metadata of every bundled rule, sorted by id. */
export const RULES: readonly RuleMetadata[] = [MQ001, MQ002, MQ003, MQ004, MQ005, MQ006, MQ007, MQ008, MQ009, MQ010, MQ011, MQ012];

/** Rules implemented in TypeScript (none yet: every current rule is expressible in Rego). */
export const TYPESCRIPT_RULES: readonly TypeScriptRule[] = [];
