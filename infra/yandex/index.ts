export * from "./generated";
export * from "./package";
export { validateInputsAgainstSchema } from "./schema-check";
