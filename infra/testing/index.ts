export {
  captureStack,
  OFFLINE_SECRET_CONFIG,
  type CaptureResult,
  type CapturedResource,
  type StackName,
} from "./capture";
export { readProjectFile, readStackConfigFile, REPO_ROOT, type ProjectFile } from "./stack-files";
