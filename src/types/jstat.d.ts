// Minimal declarations for the parts of jstat ensayo uses (the package ships none).
declare module "jstat" {
  interface Dist1 { cdf(x: number, a: number): number; inv(p: number, a: number): number; pdf(x: number, a: number): number }
  interface Dist2 { cdf(x: number, a: number, b: number): number; inv(p: number, a: number, b: number): number; pdf(x: number, a: number, b: number): number }
  interface JStatStatic {
    normal: Dist2;
    studentt: Dist1;
    centralF: Dist2;
    chisquare: Dist1;
    noncentralt: { cdf(x: number, df: number, ncp: number): number; pdf(x: number, df: number, ncp: number): number };
    beta: Dist2;
    gammaln(x: number): number;
    ibeta(x: number, a: number, b: number): number;
    ibetainv(p: number, a: number, b: number): number;
    lowRegGamma(a: number, x: number): number;
    erf(x: number): number;
    erfc(x: number): number;
  }
  const jStat: JStatStatic;
  export default jStat;
  export { jStat };
}
