// Inputs a person saved under an earlier version of an action, pasted or
// loaded from a file, as the body of POST /v1/actions/{id}/migrate.

// The text is either that body, {"from": "1.0.0", "inputs": {...}}, or the
// inputs alone, saved under the version typed beside them.
export function readSavedInputs(text, typedVersion) {
  let document;
  try {
    document = JSON.parse(text);
  } catch (problem) {
    throw new Error(`The saved inputs are not JSON: ${problem.message}.`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new Error('The saved inputs must be a JSON object of inputs.');
  const wrapped = typeof document.from === 'string' && isObject(document.inputs);
  const from = wrapped ? document.from : typedVersion.trim();
  if (!from) throw new Error('Say which version of the action the inputs were saved under.');
  return { from, inputs: wrapped ? document.inputs : document };
}

// What loading did, in sentences: the version step, each change the
// migration made, and the inputs the form could not take ({key, reason}).
export function loadReport(migrated, leftOut) {
  const lines = [];
  if (migrated.from === migrated.to)
    lines.push(`Saved under ${migrated.from}, this action's version.`);
  else
    lines.push(`Upgraded from ${migrated.from} to ${migrated.to}.`);
  const changes = migrated.changes || [];
  if (changes.length === 0) lines.push('Nothing had to change.');
  lines.push(...changes);
  lines.push(...leftOut.map(({ key, reason }) => `Left out "${key}": ${reason}.`));
  return lines;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
