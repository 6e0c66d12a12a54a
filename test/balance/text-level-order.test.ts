// Issue #10 item 3 for balance: a text treatment "9"/"10" is ordered as R's factor() orders text ("10" first),
// so the control arm and the sign of every difference agree with R, as in differenceInMeans and lmRobust.
import { describe, expect, it } from "vitest";
import { attritionReport, balanceTable, differenceInMeans, leeBounds, parseCsv } from "../../src/index.js";

const rows = ["id,t,x,y"];
for (let i = 0; i < 12; i++) rows.push(`u${i},${i % 2 ? "9" : "10"},${(i * 7) % 5},${i % 2 ? 3 + (i % 3) : 1 + (i % 4)}`);
const data = parseCsv(rows.join("\n"), { types: { t: "text" } });

describe("text treatment levels follow R's text order in balance", () => {
  it("balanceTable, leeBounds and attritionReport take '10' as control, as differenceInMeans does", () => {
    const dim = differenceInMeans(data, { outcome: "y", treatment: "t" });
    expect(dim.coefficients[0]!.term).toBe("t9");
    const bal = balanceTable(data, { treatment: "t", covariates: ["x"] });
    expect(bal.control).toBe("10");
    const lee = leeBounds(data, { outcome: "y", treatment: "t" });
    expect(lee.control).toBe("10");
    const endline = { id: rows.slice(1, 10).map((r) => r.split(",")[0]!), y: rows.slice(1, 10).map((r) => Number(r.split(",")[3])) };
    const attr = attritionReport(data, endline, { id: "id", treatment: "t" });
    expect(attr.control).toBe("10");
  });
});
