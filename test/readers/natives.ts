/** Built-ins as they are before anything else is loaded: import this module first. */
export const NATIVES = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse, toString: Function.prototype.toString };
