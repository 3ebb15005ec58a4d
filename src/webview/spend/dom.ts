// Small DOM helpers shared by the Spend view's parts.
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function section(id: string): HTMLElement {
  return document.getElementById(id) as HTMLElement;
}
