// Specs for the worker-thread benchmarks: they import the BUILT package (run `npm run build` first), as a user's module would.
import { createRng, declareRa } from "ensayo";

/** riTest, difference in means, n = 10,000, 10,000 permutations. */
export const riSpec = () => {
  const rng = createRng(1);
  const n = 10000;
  const design = declareRa({ n, m: n / 2 });
  const z = Array.from(design.conduct(2).arm);
  const y = z.map((t) => 0.05 * t + rng.normal());
  return { data: { y, z }, options: { outcome: "y", treatment: "z", design, sims: 10000, confidence: false } };
};

/** diagnoseDesign: 40 offices of 10, ICC 0.1, effect 0.25 (as test/power/fixtures/cluster-spec.ts). */
export const diagnoseSpec = () => {
  const J = 40, M = 10, RHO = 0.1, TAU = 0.25;
  const office = Array.from({ length: J * M }, (_, i) => `of${String(Math.floor(i / M)).padStart(2, "0")}`);
  let seedSeen = "";
  const effects = new Float64Array(J);
  return {
    units: { office },
    design: declareRa({ clusters: office, prob: 0.5 }),
    clusters: "office",
    potentialOutcomes: (u, z, rng, i) => {
      if (rng.seed !== seedSeen) {
        seedSeen = rng.seed;
        const cr = createRng(`${rng.seed}/clusters`);
        for (let j = 0; j < J; j++) effects[j] = Math.sqrt(RHO) * cr.normal();
      }
      return effects[Math.floor(i / M)] + Math.sqrt(1 - RHO) * rng.normal() + TAU * Number(z);
    },
  };
};
