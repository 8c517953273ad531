// Reading a config file (JSON or YAML by extension) and keeping what is needed to turn a JSON pointer into a position.
import { extname } from 'node:path';
import { InputError } from '../load/errors.js';
import { locateJsonPointers, type LineColumn } from '../load/json/locate.js';
import { parseJson } from '../load/json/parse.js';
import { DEFAULT_MAX_STREAM_BYTES, ReadProblem, readTextOnce } from '../load/open.js';
import { locateYamlPointers, parseYaml } from '../load/parse-yaml.js';

export interface ParsedConfigFile {
  /** The path as shown in messages. */
  file: string;
  data: unknown;
  /** Line and column of the value at each pointer (the closest existing ancestor when it is missing). */
  locate(pointers: Iterable<string>): Map<string, LineColumn>;
}

function isYamlName(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/**
 * Reads `file`, opened once (a pipe or device within the stream bound, binary data refused); messages name it
 * `shownAs` (default: the path itself).
 */
export function readConfigFile(path: string, shownAs = path, maxStreamBytes = DEFAULT_MAX_STREAM_BYTES): ParsedConfigFile {
  const file = shownAs;
  let text: string;
  try {
    text = readTextOnce(path, maxStreamBytes);
  } catch (error) {
    if (error instanceof ReadProblem) throw new InputError(file, `config file: ${error.why}`);
    throw error;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (isYamlName(path) || (extname(path) === '' && !/^\s*[{[]/.test(text))) {
    const parsed = parseYaml(text, file);
    // An empty YAML file is an empty config.
    return { file, data: parsed.data ?? {}, locate: (pointers) => locateYamlPointers(parsed, pointers) };
  }
  const data = parseJson(text, file);
  return { file, data, locate: (pointers) => locateJsonPointers(text, pointers) };
}
