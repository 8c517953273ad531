// DOM helpers of the page script. Text only ever goes in through textContent and attribute values through
// setAttribute, never through innerHTML: names from the dump are never parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attribute values for el(); null and undefined leave the attribute out. */
export type SvgAttributes = Readonly<Record<string, string | number | null | undefined>>;

/** A value the page cannot work without (an element the HTML always has, a node the data names). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`envoy-lint report: no ${what}`);
  return value;
}

/** The page element with that id, which must exist and be of that type. */
export function byId<T extends Element>(id: string, type: abstract new (...args: never[]) => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`envoy-lint report: no element #${id}`);
  return found;
}

/** The page element with that id, if there is one of that type (the findings table is absent without findings). */
export function optionalById<T extends Element>(id: string, type: abstract new (...args: never[]) => T): T | null {
  const found = document.getElementById(id);
  return found instanceof type ? found : null;
}

/** An SVG element with the given attributes, appended to parent when given. */
export function el(name: string, attrs: SvgAttributes | null, parent?: Element): SVGElement {
  const e = document.createElementNS(SVG_NS, name) as SVGElement;
  if (attrs) {
    Object.keys(attrs).forEach((k) => {
      const value = attrs[k];
      if (value !== null && value !== undefined) e.setAttribute(k, String(value));
    });
  }
  if (parent) parent.appendChild(e);
  return e;
}

/** An HTML element with an optional class and text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string | null, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Removes every child of e. */
export function clear(e: Node): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** The closest ancestor-or-self of the event's target that matches selector. */
export function closestTarget(ev: Event, selector: string): Element | null {
  return ev.target instanceof Element ? ev.target.closest(selector) : null;
}

/** s, cut to max characters with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '\u2026';
}

const FONT_FAMILY = 'system-ui, "Liberation Sans", "DejaVu Sans", sans-serif';
export const FONTS = { title: `600 9.5px ${FONT_FAMILY}`, name: `600 12px ${FONT_FAMILY}`, detail: `11px ${FONT_FAMILY}` } as const;

let measureCtx: CanvasRenderingContext2D | undefined;

/** The width of text drawn in font, in CSS pixels. */
export function textWidth(text: string, font: string): number {
  measureCtx ??= must(document.createElement('canvas').getContext('2d'), 'canvas 2d context');
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}
