/** The base error is shared with app-side code, so it is defined in sdk/ (see there). */
export { LocalhooksError, isLocalhooksError } from '../sdk/errors.js';
