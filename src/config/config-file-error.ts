import { InputFileError } from '../model/finding.js';

/** A project configuration file that cannot be used: unreadable, not YAML or JSON, or not a valid configuration. */
export class ConfigFileError extends InputFileError {}
