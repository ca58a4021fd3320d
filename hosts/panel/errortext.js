// The messages of an error document of the service, else \a fallback.
export function errorText(document, fallback) {
  const errors = (document && document.errors) || [];
  return errors.length ? errors.map((e) => e.message).join(' ') : fallback;
}
