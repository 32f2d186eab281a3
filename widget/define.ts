/**
 * Registers an element unless a copy of this script already did: a page may include the widget
 * twice (two partners' snippets, a CMS block repeated), and defining a name twice throws.
 */
export function define(name: string, element: CustomElementConstructor) {
  if (!customElements.get(name)) customElements.define(name, element);
}
