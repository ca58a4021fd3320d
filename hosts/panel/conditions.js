// Evaluates the "visibleWhen" conditions of field metadata against the
// values of the form:
//   {"field": k, "equals": v} {"field": k, "oneOf": [...]} {"field": k, "isSet": true}
//   {"all": [...]} {"any": [...]} {"not": c}
// An unknown form counts as true, so a newer server never hides a field
// from an older panel.

export function isVisible(condition, values) {
  if (condition === undefined || condition === null) return true;
  if (Array.isArray(condition.all)) return condition.all.every((c) => isVisible(c, values));
  if (Array.isArray(condition.any)) return condition.any.some((c) => isVisible(c, values));
  if (condition.not !== undefined) return !isVisible(condition.not, values);
  if (typeof condition.field !== 'string') return true;
  const value = values[condition.field];
  if ('equals' in condition) return sameValue(value, condition.equals);
  if (Array.isArray(condition.oneOf)) return condition.oneOf.some((option) => sameValue(value, option));
  if ('isSet' in condition) return (value !== undefined && value !== '') === Boolean(condition.isSet);
  return true;
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
