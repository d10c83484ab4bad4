// The site's search worker run under Node as a browser would run it: its files come from a built
// site on disk, and every index file it fetches is counted in gzipped bytes. Used by
// search_bytes.mjs (bytes per query) and search_quality.mjs (which page comes first).
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import vm from "node:vm"
import { gzipSync } from "node:zlib"

const SETUP = 0, QUERY = 2

/* A worker that has just started, for the edition whose index is `index` ("search/", "ko/search/"). */
export function freshWorker(site, index = "search/") {
  const workerFile = join(site, "assets", "javascripts", "search-worker.js")
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
    /* A classic worker's importScripts: the scripts beside the worker, run in its global scope. */
    importScripts: (...urls) => {
      for (const url of urls) {
        const file = fileURLToPath(new URL(url, context.self.location))
        vm.runInContext(readFileSync(file, "utf8"), context, { filename: file })
      }
    },
    addEventListener: (type, listener) => listeners.push(listener),
    postMessage: message => answer(message)
  }
  vm.createContext(context)
  vm.runInContext(readFileSync(workerFile, "utf8"), context, { filename: workerFile })
  const send = message => new Promise(resolve => {
    answer = resolve
    for (const listener of listeners) listener({ data: message })
  })
  const bytes = () => [...fetched.values()].reduce((a, b) => a + b, 0)
  return { send, bytes }
}

/* Type `query` into a fresh worker a keystroke at a time, as Material's search box sends it.

   Returns the bytes fetched until the first keystroke that showed a result, the bytes for the
   whole query, and the result items of the last keystroke. */
export async function typeQuery(site, index, query) {
  const worker = freshWorker(site, index)
  await worker.send({ type: SETUP, data: { config: {}, docs: [] } })
  let first = null
  let last = { items: [] }
  for (let i = 1; i <= query.length; i++) {
    last = (await worker.send({ type: QUERY, data: query.slice(0, i) })).data
    if (first === null && last.items.length)
      first = worker.bytes()
  }
  return { first_result_bytes: first, query_bytes: worker.bytes(), items: last.items }
}
