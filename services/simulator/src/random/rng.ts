/**
 * Seeded pseudo-random numbers: sfc32 (small fast counter, 128-bit state; passes PractRand) seeded
 * through splitmix32 from a seed and a stream path, so every customer, day and scenario draws from
 * its own independent, reproducible stream (the handbook re-seeds per customer and per day likewise).
 */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  /** `path` names the stream: e.g. (seed, STREAM_CUSTOMER_TX, customerId). Integers only. */
  constructor(seed: number, ...path: number[]) {
    const mix = { s: seed | 0 };
    for (const part of path) {
      mix.s = (mix.s ^ splitmix32({ s: (part | 0) ^ 0x5bd1e995 })) | 0;
      splitmix32(mix);
    }
    this.a = splitmix32(mix);
    this.b = splitmix32(mix);
    this.c = splitmix32(mix);
    this.d = splitmix32(mix) | 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 32-bit resolution. */
  uniform(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Uniform on [low, high). */
  uniformRange(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  intBelow(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Normal(mean, sd) by Marsaglia's polar method; the second variate of each pair is kept. */
  normal(mean: number, sd: number): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + sd * u * factor;
  }

  /** Poisson(lambda): multiplication method for small rates, Hörmann's PTRS rejection above 30. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let product = this.uniform();
      while (product > limit) {
        k++;
        product *= this.uniform();
      }
      return k;
    }
    return this.poissonPtrs(lambda);
  }

  private poissonPtrs(lambda: number): number {
    const sqrtLambda = Math.sqrt(lambda);
    const logLambda = Math.log(lambda);
    const b = 0.931 + 2.53 * sqrtLambda;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const logAccept = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      if (logAccept <= -lambda + k * logLambda - logFactorial(k)) return k;
    }
  }

  /** k distinct integers from [0, n), in draw order (Floyd's algorithm: k draws, no n-sized array). */
  sampleDistinct(n: number, k: number): number[] {
    if (k > n) throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
    const chosen = new Set<number>();
    const order: number[] = [];
    for (let j = n - k; j < n; j++) {
      const t = this.intBelow(j + 1);
      const pick = chosen.has(t) ? j : t;
      chosen.add(pick);
      order.push(pick);
    }
    return order;
  }
}

/** ln(k!) exactly summed for small k, Stirling's series beyond (error < 1e-10 for k > 20). */
export function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k <= 20) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n ** 3);
}
