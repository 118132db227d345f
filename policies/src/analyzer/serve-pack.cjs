/**
 * Child-process entry of pack-process.ts: loads the pack module given as argv[2] (its PolicyPack
 * serves it) and exits when the parent's end of stdin closes, so a pack server never outlives the
 * test run or plan that started it.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
require(process.argv[2]);
