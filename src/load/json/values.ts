// The values a parsed JSON document holds: what JSON.parse makes, plus LazyList. A big input's long lists of small
// elements (a dump's resources, a route configuration's virtual hosts) are LazyLists: each element is parsed when it
// is read and not kept, so that the whole parse tree of a big dump is never in memory at once. Code that walks parsed
// JSON tells lists and objects apart with isList and isObject from here (Array.isArray does not know a LazyList).

export type JsonObject = { [key: string]: unknown };

/** A list whose elements are parsed on each read (see document.ts). Read-only, like every parsed value. */
export class LazyList {
  constructor(
    readonly length: number,
    private readonly parse: (index: number) => unknown,
    private readonly firstByteOf: (index: number) => number,
  ) {}

  /** Element `index`, parsed now (each call parses it again: keep what you need of it). */
  at(index: number): unknown {
    return index >= 0 && index < this.length ? this.parse(index) : undefined;
  }

  /** The first byte of element `index` ('{' for an object), known without parsing it. */
  firstByte(index: number): number {
    return this.firstByteOf(index);
  }

  *[Symbol.iterator](): IterableIterator<unknown> {
    for (let i = 0; i < this.length; i++) yield this.parse(i);
  }
}

export type JsonList = readonly unknown[] | LazyList;

export function isList(value: unknown): value is JsonList {
  return Array.isArray(value) || value instanceof LazyList;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LazyList);
}

/** Element `index` of a list, lazy or not. */
export function listItem(list: JsonList, index: number): unknown {
  return list instanceof LazyList ? list.at(index) : list[index];
}

/** Whether some element satisfies `test`; stops at the first that does (a lazy list parses no further). */
export function someItem(list: JsonList, test: (item: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (test(listItem(list, i))) return true;
  return false;
}
