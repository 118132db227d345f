import { stopSharedPack } from "../../src/evaluate";

// Each test file that evaluated policies started the pack's server; none outlives its file.
afterAll(() => stopSharedPack());
