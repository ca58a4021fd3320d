// Evaluates the "visibleWhen" conditions of field metadata as the runtime
// does, against the inputs the form would send:
//   {"field": k, "equals": v} {"field": k, "oneOf": [...]} {"field": k, "isSet": true}
//   {"all": [...]} {"any": [...]} {"not": c}
// For equals and oneOf a field that is not sent counts as its default; isSet
// asks whether it is sent at all. An unknown form counts as true, so a newer
// server never hides a field from an older panel.

export function isVisible(condition, inputs, defaults = {}) {
  if (condition === undefined || condition === null) return true;
  if (Array.isArray(condition.all)) return condition.all.every((c) => isVisible(c, inputs, defaults));
  if (Array.isArray(condition.any)) return condition.any.some((c) => isVisible(c, inputs, defaults));
  if (condition.not !== undefined) return !isVisible(condition.not, inputs, defaults);
  if (typeof condition.field !== 'string') return true;
  const sent = Object.prototype.hasOwnProperty.call(inputs, condition.field);
  if ('isSet' in condition) return sent === Boolean(condition.isSet);
  const value = sent ? inputs[condition.field] : defaults[condition.field];
  if ('equals' in condition) return sameValue(value, condition.equals);
  if (Array.isArray(condition.oneOf)) return condition.oneOf.some((option) => sameValue(value, option));
  return true;
}

export function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
