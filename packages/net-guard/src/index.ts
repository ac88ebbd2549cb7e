export { isPublicUnicast } from './public-address.ts';
export { guardedLookup, assertPublicHost } from './guarded-lookup.ts';
export { RefusedAddressError } from './refused-address-error.ts';
