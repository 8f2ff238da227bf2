import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type addFormatsModule from 'ajv-formats';

export interface AjvKit {
  Ajv: typeof AjvModule.default;
  addFormats: typeof addFormatsModule.default;
}

const require = createRequire(import.meta.url);
let kit: AjvKit | undefined;

/**
 * ajv and ajv-formats, required on first use: most apps set no collection schema and ask no structured output,
 * and the two cost ~10 MB and ~100 ms to load. Both are CommonJS; `module.exports.default` is the class / plugin.
 */
export function loadAjv(): AjvKit {
  kit ??= {
    Ajv: (require('ajv') as typeof AjvModule).default,
    addFormats: (require('ajv-formats') as typeof addFormatsModule).default,
  };
  return kit;
}
