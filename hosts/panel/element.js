// A new element with the given properties set.
export function element(tag, properties = {}) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) node[name] = value;
  return node;
}
