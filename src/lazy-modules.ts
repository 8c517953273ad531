// Dependencies only some runs need, loaded on first use: most inputs are JSON, most runs never match a regex, and
// only a config with rule options or a plugin needs a schema compiled at run time; importing `yaml`, `re2js` and
// `ajv` up front cost about 90 ms of every start-up. All three ship CommonJS builds, so they load synchronously here,
// inside the synchronous loader.
import { createRequire } from 'node:module';
import type * as YamlApi from 'yaml';
import type * as Re2Api from 're2js';
import type * as AjvApi from 'ajv';

type YamlModule = typeof YamlApi;
type Re2Module = typeof Re2Api;
type AjvModule = typeof AjvApi;

const require = createRequire(import.meta.url);
let yamlModule: YamlModule | undefined;
let re2Module: Re2Module | undefined;
let ajvModule: AjvModule | undefined;

export function yaml(): YamlModule {
  return (yamlModule ??= require('yaml') as YamlModule);
}

export function re2(): Re2Module {
  return (re2Module ??= require('re2js') as Re2Module);
}

export function ajv(): AjvModule {
  return (ajvModule ??= require('ajv') as AjvModule);
}
