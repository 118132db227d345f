/**
 * The scoring image as the tests build it: the repository root as context (as CI builds it), FROM the
 * bootstrap's local stand-in of the pinned Node base; building and running are @antifraud/local's.
 */
import path from "node:path";
import { buildImage as buildFrom, imageId } from "@antifraud/local";
import { contextDigest } from "./build-context";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
export const DOCKERFILE = path.join(REPO_ROOT, "services", "scoring", "Dockerfile");
export const IMAGE_REPOSITORY = "localhost/antifraud-scoring";
/** The stand-in built by scripts/bootstrap.d/70-image.sh from this machine's Node. */
export const STANDIN_BASE = `localhost/antifraud-node-standin:${process.versions.node}-bookworm`;

/** The image of the current build context (reused when its digest is unchanged). */
export async function buildImage(): Promise<string> {
  return buildFrom({
    repository: IMAGE_REPOSITORY,
    dockerfile: DOCKERFILE,
    context: REPO_ROOT,
    digest: contextDigest(REPO_ROOT, DOCKERFILE, await imageId(STANDIN_BASE)),
    buildArgs: { NODE_IMAGE: STANDIN_BASE },
  });
}
