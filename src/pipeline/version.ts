// envoy-lint's own version, from package.json (the report's tool.version, --version).
import { readPackageFile } from '../package-root.js';

export const TOOL_VERSION: string = (JSON.parse(readPackageFile('package.json')) as { version: string }).version;
