// harness.mjs — the smallest test runner for the HTTP and browser suites: test(name, fn) registers a
// case, run(suite) executes them in order and prints "SUITE: N passed, N failed" for tests/run.sh.
// A failing case prints its error; the suite keeps going.
const cases = [];
let only = process.env.TEST_ONLY ? new RegExp(process.env.TEST_ONLY) : null;

export function test(name, fn) { cases.push({ name, fn }); }

export class AssertionError extends Error {}
export function assert(cond, msg) { if (!cond) throw new AssertionError(msg || 'assertion failed'); }
export function eq(got, want, msg) {
  if (got !== want) throw new AssertionError(`${msg || 'values differ'}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
export function includes(hay, needle, msg) {
  if (typeof hay !== 'string' || !hay.includes(needle))
    throw new AssertionError(`${msg || 'text missing'}: ${JSON.stringify(needle)} not in ${JSON.stringify(String(hay).slice(0, 300))}`);
}

export async function run(suite) {
  let passed = 0, failed = 0;
  for (const c of cases) {
    if (only && !only.test(c.name)) continue;
    const t0 = Date.now();
    try {
      await c.fn();
      passed++;
      console.log(`  ok   ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${c.name}: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n       ') : e}`);
    }
  }
  console.log(`${suite}: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
