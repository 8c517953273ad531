// Dependencies only some runs need, loaded on first use: most inputs are JSON, most runs never match a regex, only a
// config with rule options or a plugin needs a schema compiled at run time, and only a bundle is a tar archive;
// importing `yaml`, `re2js` and `ajv` up front cost about 90 ms of every start-up, and `tar` (with Node's zlib,
// streams and assert) about 15 ms more. All four ship CommonJS builds, so they load synchronously here,
// inside the synchronous loader.
import { createRequire } from 'node:module';
import type * as YamlApi from 'yaml';
import type * as Re2Api from 're2js';
import type * as AjvApi from 'ajv';
import type * as TarApi from 'tar';
import type * as ChildProcessApi from 'node:child_process';
import type * as CryptoApi from 'node:crypto';
import type * as V8Api from 'node:v8';
import type * as WorkerThreadsApi from 'node:worker_threads';

type YamlModule = typeof YamlApi;
type Re2Module = typeof Re2Api;
type AjvModule = typeof AjvApi;
type TarModule = typeof TarApi;

const require = createRequire(import.meta.url);
let yamlModule: YamlModule | undefined;
let re2Module: Re2Module | undefined;
let ajvModule: AjvModule | undefined;
let tarModule: TarModule | undefined;

export function yaml(): YamlModule {
  return (yamlModule ??= require('yaml') as YamlModule);
}

export function re2(): Re2Module {
  return (re2Module ??= require('re2js') as Re2Module);
}

export function ajv(): AjvModule {
  return (ajvModule ??= require('ajv') as AjvModule);
}

export function tar(): TarModule {
  return (tarModule ??= require('tar') as TarModule);
}

// Node's own modules that only some runs use: crypto (the HTML report's script hash), child_process and v8 (re-running
// with a bigger heap), worker_threads (fleets). Each costs start-up time when imported, for every run.
export function nodeCrypto(): typeof CryptoApi {
  return require('node:crypto') as typeof CryptoApi;
}

export function childProcess(): typeof ChildProcessApi {
  return require('node:child_process') as typeof ChildProcessApi;
}

export function nodeV8(): typeof V8Api {
  return require('node:v8') as typeof V8Api;
}

export function workerThreads(): typeof WorkerThreadsApi {
  return require('node:worker_threads') as typeof WorkerThreadsApi;
}
