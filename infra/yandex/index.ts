export * from "./generated";
export * from "./package";
export { validateYandexInputs, type CapturedInputs } from "./schema-check";
