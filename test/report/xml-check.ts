// A tiny XML 1.0 well-formedness checker for the JUnit tests (no dependency): prolog, one root element,
// balanced tags, quoted unique attributes, only the predefined entities and character references,
// no characters XML 1.0 forbids, no stray `<` or `&`. Returns the element tree for assertions.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (/[<]/.test(raw)) throw new Error(`raw '<' in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare '&' in ${where}`);
    if (ref in PREDEFINED) return PREDEFINED[ref] as string;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new Error(`unknown entity ${whole} in ${where}`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] ?? '', 10);
    const ch = String.fromCodePoint(code);
    if (ILLEGAL.test(ch)) throw new Error(`reference to illegal character ${whole} in ${where}`);
    return ch;
  });
}

export function parseXml(xml: string): XmlElement {
  if (ILLEGAL.test(xml)) throw new Error('document contains a character XML 1.0 forbids');
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const raw = lt < 0 ? rest : rest.slice(0, lt);
    const top = stack[stack.length - 1] as XmlElement;
    if (raw !== '') {
      const text = decode(raw, 'text');
      if (top === root && text.trim() !== '') throw new Error('text outside the root element');
      top.text += text;
    }
    if (lt < 0) break;
    rest = rest.slice(lt);
    if (rest.startsWith('</')) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
      if (!m) throw new Error(`bad end tag at ${rest.slice(0, 30)}`);
      if (top.name !== m[1]) throw new Error(`end tag </${m[1]}> does not match <${top.name}>`);
      stack.pop();
      rest = rest.slice(m[0].length);
      continue;
    }
    rest = rest.slice(1);
    const name = NAME.exec(rest)?.[0];
    if (!name) throw new Error(`bad start tag at <${rest.slice(0, 30)}`);
    rest = rest.slice(name.length);
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/.exec(rest);
      if (!attr) break;
      const key = attr[1] as string;
      if (key in element.attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
      element.attributes[key] = decode(attr[2] ?? '', `attribute ${key}`);
      rest = rest.slice(attr[0].length);
    }
    const close = /^\s*(\/?)>/.exec(rest);
    if (!close) throw new Error(`unterminated start tag <${name} at ${rest.slice(0, 30)}`);
    rest = rest.slice(close[0].length);
    if (top === root && root.children.length > 0) throw new Error('more than one root element');
    top.children.push(element);
    if (close[1] !== '/') stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${(stack[stack.length - 1] as XmlElement).name}>`);
  const [doc] = root.children;
  if (!doc || root.children.length !== 1) throw new Error('no root element');
  return doc;
}
