export * from "./psi";
export * from "./feature-histogram";
export * from "./drift-monitor";
