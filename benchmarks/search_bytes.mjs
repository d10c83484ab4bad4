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
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import vm from "node:vm"
import { gzipSync } from "node:zlib"

const SETUP = 0, QUERY = 2

let args = process.argv.slice(2)
const withItems = args[0] === "--items"
if (withItems) args = args.slice(1)
let index = "search/"
if (args[0] === "--index") {
  index = args[1]
  args = args.slice(2)
}
const [site, ...queries] = args
const workerFile = join(site, "assets", "javascripts", "search-worker.js")
const source = readFileSync(workerFile, "utf8")

function freshWorker() {
  const fetched = new Map()
  const listeners = []
  let answer = null
  const context = {
    self: { location: new URL(`#${index}`, pathToFileURL(workerFile)) },
    URL,
    console,
    fetch: async url => {
      const data = readFileSync(fileURLToPath(url))
      fetched.set(String(url), gzipSync(data, { level: 6 }).length)
      return { ok: true, status: 200, json: async () => JSON.parse(data.toString("utf8")) }
    },
    addEventListener: (type, listener) => listeners.push(listener),
    postMessage: message => answer(message)
  }
  vm.createContext(context)
  vm.runInContext(source, context, { filename: workerFile })
  const send = message => new Promise(resolve => {
    answer = resolve
    for (const listener of listeners) listener({ data: message })
  })
  const bytes = () => [...fetched.values()].reduce((a, b) => a + b, 0)
  return { send, bytes }
}

const rows = []
for (const query of queries) {
  const worker = freshWorker()
  await worker.send({ type: SETUP, data: { config: {}, docs: [] } })
  let first = null
  let last = { items: [] }
  for (let i = 1; i <= query.length; i++) {
    last = (await worker.send({ type: QUERY, data: query.slice(0, i) })).data
    if (first === null && last.items.length)
      first = worker.bytes()
  }
  rows.push({
    query,
    first_result_bytes: first,
    query_bytes: worker.bytes(),
    results: last.items.length,
    best: last.items.length ? last.items[0][0].location : null,
    ...withItems && { items: last.items }
  })
}
console.log(JSON.stringify(rows))
