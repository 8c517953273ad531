// Dependencies only some runs need, loaded on first use: most inputs are JSON and most runs never match a regex, and
// importing `yaml` and `re2js` cost about 60 ms of every start-up. Both ship CommonJS builds, so they load
// synchronously here, inside the synchronous loader.
import { createRequire } from 'node:module';
import type * as YamlApi from 'yaml';
import type * as Re2Api from 're2js';

type YamlModule = typeof YamlApi;
type Re2Module = typeof Re2Api;

const require = createRequire(import.meta.url);
let yamlModule: YamlModule | undefined;
let re2Module: Re2Module | undefined;

export function yaml(): YamlModule {
  return (yamlModule ??= require('yaml') as YamlModule);
}

export function re2(): Re2Module {
  return (re2Module ??= require('re2js') as Re2Module);
}
