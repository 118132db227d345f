// Moved to the local tooling (the simulator's producer bench measures the broker the same way).
export { cpuOf, cpuPerItem, cpuSeconds, peakRssMiB, perItem, type Measured } from "@antifraud/local";
