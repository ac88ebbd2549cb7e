/** The contracts' version: v1 grows only by additive changes (new optional fields, new subjects). */
export const CONTRACTS_VERSION = '1.0.0';
