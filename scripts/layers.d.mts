// Types of scripts/layers.mjs for the TypeScript that reads it (eslint.config.js is JavaScript; the tests are not).
export interface Layer {
  name: string;
  paths: string[];
  mayImport: string[];
}
export declare const LAYERS: ReadonlyArray<Layer>;
export declare function restrictedZones(): Array<{ target: string; from: string[]; message: string }>;
