// What a reader's search downloads: runs the site's search worker (as the browser would, one
// query per keystroke) against a built site on disk, and counts the gzipped bytes of the index
// files it fetches. Each query starts from a fresh worker, as for a reader who has just arrived.
//
//     node benchmarks/search_bytes.mjs [--items] [--index ko/search/] SITE_DIR "query one" ...
//
// --index names the edition's index, as a page of that edition tells the worker (default search/).
//
// Prints one JSON object per query: the bytes fetched until the first keystroke that shows a
// result, the bytes for the whole query, the number of results and the best result's location;
// with --items, also the result items as the worker sent them to Material.
import { typeQuery } from "./search_worker.mjs"

let args = process.argv.slice(2)
const withItems = args[0] === "--items"
if (withItems) args = args.slice(1)
let index = "search/"
if (args[0] === "--index") {
  index = args[1]
  args = args.slice(2)
}
const [site, ...queries] = args

const rows = []
for (const query of queries) {
  const { first_result_bytes, query_bytes, items } = await typeQuery(site, index, query)
  rows.push({
    query,
    first_result_bytes,
    query_bytes,
    results: items.length,
    best: items.length ? items[0][0].location : null,
    ...withItems && { items }
  })
}
console.log(JSON.stringify(rows))
