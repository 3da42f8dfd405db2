/**
 * Small helpers for the plain JSON-like objects that config files become. Config keys come from
 * users, so a key may be `__proto__`: {@link setOwn} stores it as an ordinary property instead of
 * replacing the object's prototype, and every copy in these modules goes through it.
 */

/**
 * True for a non-null, non-array object: what JSON and YAML mappings become.
 * @example isPlainObject({ a: 1 }); // true
 * @example isPlainObject([1]); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own, enumerable property, safe even for the key `__proto__`.
 * @example setOwn(target, '__proto__', 1); // target.__proto__ is now a plain data property
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
