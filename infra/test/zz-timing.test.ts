import { captureStack } from "../testing/capture";
it("times", async () => {
  for (const s of ["dev", "prod", "dev"] as const) {
    const t = Date.now();
    await captureStack(s);
    console.log(s, Date.now() - t);
  }
}, 120000);
