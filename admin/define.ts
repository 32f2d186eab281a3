/** Registers an element unless a copy of the console (loaded twice) already did. */
export function define(name: string, element: CustomElementConstructor) {
  if (!customElements.get(name)) customElements.define(name, element);
}
