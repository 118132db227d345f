import type { CustomerProfiles, TerminalProfiles } from "./profiles";

/** For each customer, the terminals strictly closer than the radius, ascending by id (CSR layout). */
export interface Neighbourhoods {
  /** Customer c's terminals are terminalIds[offsets[c] .. offsets[c + 1]). */
  readonly offsets: Int32Array;
  readonly terminalIds: Int32Array;
}

/**
 * Buckets terminals into a grid of radius-sized cells, so each customer checks only the 3 x 3 cells
 * around it instead of every terminal.
 */
export function findNeighbourhoods(
  customers: CustomerProfiles,
  terminals: TerminalProfiles,
  radius: number,
): Neighbourhoods {
  const cellsPerSide = Math.max(1, Math.ceil(100 / radius));
  const cellOf = (coordinate: number) =>
    Math.min(cellsPerSide - 1, Math.max(0, Math.floor(coordinate / radius)));
  const cellCount = cellsPerSide * cellsPerSide;
  const cellStart = new Int32Array(cellCount + 1);
  for (let t = 0; t < terminals.count; t++) {
    cellStart[cellOf(terminals.y[t]!) * cellsPerSide + cellOf(terminals.x[t]!) + 1]!++;
  }
  for (let c = 0; c < cellCount; c++) cellStart[c + 1]! += cellStart[c]!;
  const fill = cellStart.slice(0, cellCount);
  const byCell = new Int32Array(terminals.count);
  for (let t = 0; t < terminals.count; t++) {
    byCell[fill[cellOf(terminals.y[t]!) * cellsPerSide + cellOf(terminals.x[t]!)]!++] = t;
  }

  const radiusSquared = radius * radius;
  const offsets = new Int32Array(customers.count + 1);
  let ids = new Int32Array(Math.max(16, customers.count * 8));
  let used = 0;
  const found: number[] = [];
  for (let c = 0; c < customers.count; c++) {
    const cx = customers.x[c]!;
    const cy = customers.y[c]!;
    const column = cellOf(cx);
    const row = cellOf(cy);
    found.length = 0;
    for (let r = Math.max(0, row - 1); r <= Math.min(cellsPerSide - 1, row + 1); r++) {
      for (let q = Math.max(0, column - 1); q <= Math.min(cellsPerSide - 1, column + 1); q++) {
        const cell = r * cellsPerSide + q;
        for (let i = cellStart[cell]!; i < cellStart[cell + 1]!; i++) {
          const t = byCell[i]!;
          const dx = terminals.x[t]! - cx;
          const dy = terminals.y[t]! - cy;
          if (dx * dx + dy * dy < radiusSquared) found.push(t);
        }
      }
    }
    found.sort((a, b) => a - b);
    if (used + found.length > ids.length) {
      const grown = new Int32Array(Math.max(ids.length * 2, used + found.length));
      grown.set(ids);
      ids = grown;
    }
    for (const t of found) ids[used++] = t;
    offsets[c + 1] = used;
  }
  return { offsets, terminalIds: ids.slice(0, used) };
}
