/**
 * The field catalog of each supported Falco version: names, types, arguments and which fields filter.
 */
export { type FieldCatalog, parseFieldCatalog, resolveField, resolveFieldText } from './catalog.js';
