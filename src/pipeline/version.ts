// envoy-lint's own identity, from package.json: its version (the report's tool.version, --version) and where it lives
// (the `repository` and `homepage` fields), from which every link to a rule's doc is made. Change the repository in
// package.json and the SARIF helpUri, the text report's links and --list-rules follow.
import { readPackageFile } from '../package-root.js';

interface PackageJson {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

const pkg = JSON.parse(readPackageFile('package.json')) as PackageJson;

export const TOOL_VERSION: string = pkg.version;

/** `git+https://github.com/o/r.git`, `https://github.com/o/r` or `github:o/r` as a browsable https URL, if it is one. */
export function repositoryWebUrl(repository: PackageJson['repository']): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (raw === undefined) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2]}`;
  const url = /^(?:git\+)?(https:\/\/[^\s]+?)(?:\.git)?\/?$/.exec(raw);
  return url?.[1];
}

/** The repository's web page, when package.json names one. */
export const REPOSITORY_URL: string | undefined = repositoryWebUrl(pkg.repository);

/** Where users learn about the tool (SARIF driver.informationUri). */
export const TOOL_HOMEPAGE: string | undefined = pkg.homepage ?? REPOSITORY_URL;

/** The page of a built-in rule's doc (rules/<id>.md on the default branch), when the repository is known. */
export function builtinRuleDocsUrl(ruleId: string): string | undefined {
  return REPOSITORY_URL === undefined ? undefined : `${REPOSITORY_URL}/blob/main/rules/${ruleId}.md`;
}
