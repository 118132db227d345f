export { runDemo } from "./run-demo";
export { parseDemoOptions, demoOptionsSchema, type DemoOptions } from "./options";
export { Shutdown } from "./shutdown";
