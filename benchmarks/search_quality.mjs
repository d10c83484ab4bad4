// How well the site's search answers the queries a reader types: runs the site's search worker
// (benchmarks/search_worker.mjs: as the browser would, a keystroke at a time, from a fresh worker)
// on each query of a query set and checks where the expected pages come among the results.
//
//     node benchmarks/search_quality.mjs [--json] [--queries FILE] SITE_DIR
//
// FILE (default benchmarks/search_queries.json) holds {"queries": [{"query", "expected": [page
// locations, any of which answers it], "index": the edition's index (default "search/"), "kind"}]}.
// Prints hit@1 (an expected page is the first result), hit@5 (one is among the first five
// results, in the order the search box shows them), the mean gzipped bytes fetched per query and
// the queries that missed; with --json, one JSON object with every query's row instead.
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { typeQuery } from "./search_worker.mjs"

let args = process.argv.slice(2)
const asJSON = args[0] === "--json"
if (asJSON) args = args.slice(1)
let file = join(dirname(fileURLToPath(import.meta.url)), "search_queries.json")
if (args[0] === "--queries") {
  file = args[1]
  args = args.slice(2)
}
const [site] = args
const { queries } = JSON.parse(readFileSync(file, "utf8"))

const rows = []
for (const { query, expected, index = "search/", kind = "" } of queries) {
  const { first_result_bytes, query_bytes, items } = await typeQuery(site, index, query)
  /* Material shows each page's results together, the best first: the order a reader reads them. */
  const shown = items.flat().map(item => item.location)
  const rank = shown.findIndex(location => expected.includes(location)) + 1
  rows.push({ query, kind, index, rank, first_result_bytes, query_bytes, results: items.length, top: shown.slice(0, 5) })
}

const mean = values => Math.round(values.reduce((a, b) => a + b, 0) / values.length)
const summary = {
  queries: rows.length,
  hit_at_1: rows.filter(r => r.rank === 1).length,
  hit_at_5: rows.filter(r => r.rank >= 1 && r.rank <= 5).length,
  mean_query_bytes: mean(rows.map(r => r.query_bytes)),
  mean_first_result_bytes: mean(rows.map(r => r.first_result_bytes || 0)),
  max_query_bytes: Math.max(...rows.map(r => r.query_bytes))
}
if (asJSON) {
  console.log(JSON.stringify({ ...summary, rows }))
} else {
  const kinds = [...new Set(rows.map(r => r.kind))]
  console.log(`hit@1 ${summary.hit_at_1}/${rows.length}  hit@5 ${summary.hit_at_5}/${rows.length}  ` +
    `mean bytes per query ${summary.mean_query_bytes} (to the first result ${summary.mean_first_result_bytes}, most ${summary.max_query_bytes})`)
  for (const kind of kinds) {
    const mine = rows.filter(r => r.kind === kind)
    console.log(`  ${kind}: hit@1 ${mine.filter(r => r.rank === 1).length}/${mine.length}  hit@5 ${mine.filter(r => r.rank >= 1 && r.rank <= 5).length}/${mine.length}`)
  }
  for (const row of rows.filter(r => r.rank !== 1))
    console.log(`  ${row.rank ? `#${row.rank}` : "miss"}  ${JSON.stringify(row.query)} -> ${row.top[0] || "(nothing)"}`)
}
