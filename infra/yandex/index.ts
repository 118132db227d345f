export * from "./generated";
export * from "./package";
export { validateYandexInputs, type CapturedInputs } from "./schema-check";
export { committedModel, inputProperties, modelByToken, type Property, type ResourceModel } from "./model";
