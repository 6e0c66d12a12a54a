/**
 * The one registry of variance estimators (estimatr's `se_type`). Every SE type is declared here
 * once, with what its meat is, how it is scaled and which df its t tests use; the option schemas
 * (lmRobust, lmLin, ivRobust, balanceTable, attritionReport), the default, the check of what goes
 * with clusters, and the CLI's `--se` all read it. Adding an SE type is one entry here plus its
 * meat in the kernels that compute meats (see docs/architecture.md).
 *
 * Notation: n rows, k estimated parameters (absorbed fixed effects included), J clusters,
 * e residuals, h leverages, M = (X'X)⁻¹.
 */
import { EnsayoError } from "../errors.js";
import { named } from "../internal/boundary.js";

/**
 * Every SE type's name, in the order help texts list them.
 *
 * @example
 * ```ts
 * SE_TYPE_NAMES.join(", "); // "classical, HC0, HC1, HC2, HC3, CR0, CR2, stata, none"
 * ```
 */
export const SE_TYPE_NAMES = ["classical", "HC0", "HC1", "HC2", "HC3", "CR0", "CR2", "stata", "none"] as const;

/**
 * The SE types that estimate a standard error: every name of {@link SE_TYPE_NAMES} but `"none"`
 * (for options whose statistic needs one, such as a randomization t or a plan's registered SE).
 *
 * @example
 * ```ts
 * ESTIMATED_SE_TYPE_NAMES.includes("none" as never); // false
 * ```
 */
export const ESTIMATED_SE_TYPE_NAMES = SE_TYPE_NAMES.filter((s) => s !== "none") as unknown as readonly ["classical", "HC0", "HC1", "HC2", "HC3", "CR0", "CR2", "stata"];

/** An SE type's name. */
export type SeName = (typeof SE_TYPE_NAMES)[number];

/** How an SE type's meat is formed. */
export type SeMeat =
  /** s² M: no sandwich. */
  | "homoskedastic"
  /** Σ ω_i x_i x_i' with ω = e² / (1 − h)^leveragePower. */
  | "heteroskedastic"
  /** Σ_g X_g'e_g e_g'X_g. */
  | "cluster"
  /** Σ_g X_g'A_g e_g e_g'A_g X_g, A_g = (I − H_gg)^(−1/2) (Bell–McCaffrey). */
  | "bell-mccaffrey"
  /** No variance at all. */
  | "none";

/** Which df the coefficient t tests use. */
export type SeDf = "residual" | "clusters-1" | "bell-mccaffrey" | "none";

/** One SE type's declaration. */
export interface SeTypeSpec {
  /** `"no"`: refused with clusters; `"yes"`: needs clusters; `"either"`. */
  readonly clusters: "no" | "yes" | "either";
  readonly meat: SeMeat;
  /** ω's leverage power for the heteroskedastic meat (HC0/HC1 0, HC2 1, HC3 2). */
  readonly leveragePower?: 0 | 1 | 2;
  /** Factor on the sandwich, from n, k and J (absent: 1). */
  readonly scale?: (n: number, k: number, J: number) => number;
  readonly df: SeDf;
  /** What the type means without clusters, when it is a different type (stata: Stata's `robust` is HC1). */
  readonly withoutClusters?: SeName;
  /** One line for help texts. */
  readonly describe: string;
}

/**
 * Every SE type, declared once (the compiler checks that each name has exactly one entry).
 *
 * @example
 * ```ts
 * SE_TYPES.stata.scale!(100, 4, 10); // 1.1458333 = J(n − 1)/((J − 1)(n − k))
 * SE_TYPES.CR2.df; // "bell-mccaffrey"
 * ```
 */
export const SE_TYPES: { readonly [K in SeName]: SeTypeSpec } = {
  classical: { clusters: "no", meat: "homoskedastic", df: "residual", describe: "s²(X'X)⁻¹, homoskedastic" },
  HC0: { clusters: "no", meat: "heteroskedastic", leveragePower: 0, df: "residual", describe: "White's sandwich, ω = e²" },
  HC1: { clusters: "no", meat: "heteroskedastic", leveragePower: 0, scale: (n, k) => n / (n - k), df: "residual", describe: "HC0 · n/(n − k) (Stata's robust)" },
  HC2: { clusters: "no", meat: "heteroskedastic", leveragePower: 1, df: "residual", describe: "ω = e²/(1 − h) (default without clusters)" },
  HC3: { clusters: "no", meat: "heteroskedastic", leveragePower: 2, df: "residual", describe: "ω = e²/(1 − h)²" },
  CR0: { clusters: "yes", meat: "cluster", df: "clusters-1", describe: "cluster sandwich, no correction" },
  CR2: { clusters: "yes", meat: "bell-mccaffrey", df: "bell-mccaffrey", describe: "Bell–McCaffrey with Satterthwaite df (default with clusters)" },
  stata: {
    clusters: "either",
    meat: "cluster",
    scale: (n, k, J) => (J * (n - 1)) / ((J - 1) * (n - k)),
    df: "clusters-1",
    withoutClusters: "HC1",
    describe: "CR0 · J(n − 1)/((J − 1)(n − k)) (Stata's vce(cluster)); HC1 without clusters",
  },
  none: { clusters: "either", meat: "none", df: "none", describe: "no standard errors" },
};

/** The names a function that always reports a variance accepts (all but `"none"`). */
export const SE_TYPE_NAMES_WITH_VARIANCE = SE_TYPE_NAMES.filter((s) => SE_TYPES[s].meat !== "none") as [Exclude<SeName, "none">, ...Exclude<SeName, "none">[]];

/** The declaration of `se`. */
export function seTypeSpec(se: SeName): SeTypeSpec {
  return SE_TYPES[se];
}

/** The default: CR2 with clusters, HC2 without (estimatr's). */
export function defaultSeType(clustered: boolean): SeName {
  return clustered ? "CR2" : "HC2";
}

/**
 * The SE type a fit uses: the default when none is given; the type's meaning without clusters
 * (stata → HC1) when there are none; refused (INVALID_OPTION) when it needs clusters and there are
 * none, or cannot take the clusters given. One rule for every function (the library's own callers use
 * this; {@link resolveSeType} is its public face).
 *
 * @throws EnsayoError `INVALID_OPTION`.
 * @example
 * ```ts
 * seTypeFor("stata", false); // "HC1"
 * seTypeFor(undefined, true); // "CR2"
 * ```
 */
export function seTypeFor(se: SeName | undefined, clustered: boolean): SeName {
  if (se === undefined) return defaultSeType(clustered);
  if (!(SE_TYPE_NAMES as readonly unknown[]).includes(se)) {
    throw new EnsayoError("INVALID_OPTION", `\`seType\` must be one of ${quoteList(SE_TYPE_NAMES)}, got ${typeof se === "string" ? `"${se}"` : String(se)}`, {
      value: se,
      hint: 'Pass one of these names as written, e.g. "HC2" (or leave `seType` out for the default)',
    });
  }
  const spec = SE_TYPES[se];
  if (clustered && spec.clusters === "no") {
    const ok = SE_TYPE_NAMES.filter((s) => SE_TYPES[s].clusters !== "no");
    throw new EnsayoError("INVALID_OPTION", `\`seType\` must be ${quoteList(ok)} when \`clusters\` are given, got "${se}"`, {
      value: se,
      hint: 'Use seType "CR2" (the default with clusters), or drop `clusters`',
    });
  }
  if (!clustered && spec.clusters === "yes")
    throw new EnsayoError("INVALID_OPTION", `\`seType\` "${se}" needs \`clusters\``, {
      value: se,
      hint: 'Give `clusters`, or use an HC type such as "HC2"',
    });
  return !clustered && spec.withoutClusters ? spec.withoutClusters : se;
}

/**
 * The SE type a fit with (or without) clusters uses for `se`: the default when none is given, the
 * type's meaning without clusters (stata → HC1) when there are none; refused when it needs clusters
 * and there are none, or cannot take the clusters given. The rule every estimator applies.
 *
 * @throws EnsayoError `INVALID_OPTION` (named `resolveSeType`).
 * @example
 * ```ts
 * resolveSeType("stata", false); // "HC1"
 * resolveSeType(undefined, true); // "CR2"
 * resolveSeType("CR2", false); // throws INVALID_OPTION: "resolveSeType: `seType` \"CR2\" needs `clusters`. …"
 * ```
 */
export function resolveSeType(se: SeName | undefined, clustered: boolean): SeName {
  return named("resolveSeType", () => seTypeFor(se, clustered));
}

/** The sandwich's factor for `se` (1 when the type declares none). */
export function seScale(se: SeName, n: number, k: number, J: number): number {
  const spec = SE_TYPES[se];
  return spec.scale ? spec.scale(n, k, J) : 1;
}

/** `"a", "b" or "c"`. */
function quoteList(names: readonly string[]): string {
  const q = names.map((s) => `"${s}"`);
  return q.length > 1 ? `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}` : q[0]!;
}
