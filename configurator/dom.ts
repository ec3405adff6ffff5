// A few DOM helpers: elements built from a tag, attributes and children,
// so every part of the page is written as data, and nothing as HTML text
// (values an admin pastes are never parsed as markup).

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** `<tag attrs>children</tag>`: `on…` attributes are listeners, `true` an empty attribute, false/undefined none. */
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, "");
    else if (v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A `<select>` of `options` (value, or [value, label]) with `value` chosen. */
export function select(
  attrs: Attrs,
  options: (string | [string, string])[],
  value: string,
): HTMLSelectElement {
  const s = h("select", attrs) as HTMLSelectElement;
  for (const o of options) {
    const [v, label] = typeof o === "string" ? [o, o] : o;
    s.append(h("option", { value: v, selected: v === value }, label));
  }
  s.value = value;
  return s;
}

/** A labelled control: `<label>text control</label>`. */
export const labelled = (text: string, control: HTMLElement, hint?: string) =>
  h("label", { class: "field" }, h("span", {}, text), control, hint ? h("small", {}, hint) : null);

/** Replace `el`'s children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** The element with `id` (the page's own markup: a missing one is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}
