// The types of the device engine's command surface. Those with a Rust counterpart are in
// generated.ts (generated from the Rust types: `cargo xtask gen-types`); the GeoJSON geometry
// is in geometry.ts; what follows are the UI's own aliases.

export * from './generated';
export * from './geometry';

/** A unix timestamp or duration in milliseconds. */
export type Millis = number;
