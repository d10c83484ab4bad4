/*
 * The explainer's search worker: Material for MkDocs' search box talks to it with Material's
 * worker messages (SETUP -> READY, QUERY -> RESULT), and it answers from the sharded index that
 * the build writes under search/ (see hooks/explainer/outputs/search.py for the file formats);
 * each edition has its own, named after "#" in the worker's address ("#ko/search/"). A query
 * fetches the manifest once, the shard of each of its words, and the chunks holding the texts of
 * the best results: never the whole index.
 *
 * Results go into the page as HTML (Material inserts them with innerHTML), so every text from
 * the index is escaped here and only <mark> is added.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const RESULTS = 20            // results shown; each needs its chunk of texts
const MIN_PREFIX = 3          // shorter words match whole words only...
const MIN_PREFIX_SYLLABLES = 2 // ...but two Hangul syllables are a word: 북송 finds 북송했다
const WEIGHT = [0, 1, 4, 10]  // by field: -, text, names and tags, title
const HANGUL = /\p{Script=Hangul}/u
/* Particles and endings a query word in Hangul may carry: 중국은 searches for words beginning 중국,
   so it finds 중국의 too. Longest first; what is left must be a word of two syllables or more. */
const HANGUL_ENDINGS = ["에서는", "으로는", "에게서", "했다", "됐다", "되었다", "하다", "에서", "에게", "으로",
  "까지", "부터", "이다", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"]

/* The edition's index, under the site root: the address's "#" part, or the default edition's. */
const indexPath = /^#([a-z0-9-]+\/)*search\/$/i.test(self.location.hash) ? self.location.hash.slice(1) : "search/"
const root = new URL(`../../${indexPath}`, self.location)
const cache = new Map()
let manifest = null
let shardKeys = null
let latest = 0

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, root)).then(response => {
      if (!response.ok)
        throw new Error(`search index file ${path}: HTTP ${response.status}`)
      return response.json()
    }))
  }
  return cache.get(path)
}

/* The same words as search.py's tokens(): lower case, accents dropped, letters and digits. */
function tokens(text) {
  const folded = text.toLowerCase().normalize("NFKD").replace(/\p{M}+/gu, "").normalize("NFC")
  return folded.match(/[\p{L}\p{N}]+/gu) || []
}

function shardFile(key) {
  return /^[a-z0-9]+$/.test(key)
    ? key
    : "_" + [...key].map(c => c.codePointAt(0).toString(16)).join("-")
}

/* The shards that can hold `term` (and, for a prefix, the words it begins). */
function shardsFor(term, prefix) {
  const found = []
  const chars = [...term]
  for (let n = Math.min(chars.length, 64); n > 0; n--) {
    const key = chars.slice(0, n).join("")
    if (shardKeys.has(key)) {
      found.push(key)
      break
    }
  }
  if (prefix)
    for (const key of manifest.shards)
      if (key.length > term.length && key.startsWith(term))
        found.push(key)
  return found
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* Whether a query word also matches longer words that begin with it. */
function isPrefix(term) {
  return term.length >= MIN_PREFIX || (HANGUL.test(term) && [...term].length >= MIN_PREFIX_SYLLABLES)
}

/* A Hangul query word without the particle or ending it carries, when what is left is a word. */
function stem(term) {
  if (!HANGUL.test(term))
    return term
  const chars = [...term]
  for (const ending of HANGUL_ENDINGS)
    if (term.endsWith(ending) && chars.length - [...ending].length >= MIN_PREFIX_SYLLABLES)
      return chars.slice(0, chars.length - [...ending].length).join("")
  return term
}

function matches(word, terms) {
  return terms.some(t => isPrefix(t) ? word.startsWith(t) : word === t)
}

/* Escaped text with every word that a query term matches in <mark>. */
function highlight(text, terms) {
  let html = ""
  let last = 0
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const [word] = tokens(match[0])
    if (word && matches(word, terms)) {
      html += escapeHTML(text.slice(last, match.index))
      html += `<mark>${escapeHTML(match[0])}</mark>`
      last = match.index + match[0].length
    }
  }
  return html + escapeHTML(text.slice(last))
}

/* Documents holding each term: Map(document -> [best weight, terms matched]). */
async function score(terms) {
  const found = new Map()
  const total = manifest.documents
  await Promise.all(terms.map(async (term, bit) => {
    const prefix = isPrefix(term)
    const shards = await Promise.all(shardsFor(term, prefix).map(key => load(`terms/${shardFile(key)}.json`)))
    const best = new Map()
    for (const shard of shards)
      for (const [word, postings] of Object.entries(shard)) {
        if (!(word === term || (prefix && word.startsWith(term))))
          continue
        const idf = Math.log(1 + total / postings.length)
        const exact = word === term ? 1 : 0.5
        let doc = 0
        for (const value of postings) {
          doc += value >> 2
          const weight = WEIGHT[value & 3] * idf * exact
          if (!(best.get(doc) >= weight))
            best.set(doc, weight)
        }
      }
    for (const [doc, weight] of best) {
      const entry = found.get(doc) || [0, 0]
      entry[0] += weight
      entry[1] |= 1 << bit
      found.set(doc, entry)
    }
  }))
  return found
}

function bits(n) {
  let count = 0
  for (; n; n &= n - 1) count++
  return count
}

async function documents(numbers) {
  const chunks = await Promise.all(numbers.map(n => load(`docs/${Math.floor(n / manifest.chunk)}.json`)))
  return numbers.map((n, i) => {
    const [location, title, text, tag, page] = chunks[i][n % manifest.chunk]
    return { number: n, location, title, text, tag, page }
  })
}

async function search(query) {
  if (!manifest) {
    manifest = await load("manifest.json")
    shardKeys = new Set(manifest.shards)
  }
  const stop = new Set(manifest.stopwords)
  const words = tokens(query)
  const terms = [...new Set(words.map(stem))].filter(t => !stop.has(t)).slice(0, 30)
  if (!terms.length)
    return { items: [] }

  /* Rank by the number of terms matched, then by weight; then look at the best few. */
  const found = await score(terms)
  const ranked = [...found].sort((a, b) => bits(b[1][1]) - bits(a[1][1]) || b[1][0] - a[1][0] || a[0] - b[0])
  const top = ranked.slice(0, RESULTS)
  const docs = await documents(top.map(([n]) => n))
  const items = docs.map((doc, i) => {
    const [weight, matched] = top[i][1]
    return {
      doc,
      item: {
        location: doc.location,
        title: highlight(doc.title, terms),
        text: highlight(doc.text, terms),
        tags: doc.tag ? [escapeHTML(doc.tag)] : undefined,
        score: bits(matched) * 1e6 + weight * wholeness(doc, words),
        terms: Object.fromEntries(terms.map((t, bit) => [t, !!(matched & (1 << bit))]))
      }
    }
  }).sort((a, b) => b.item.score - a.item.score || (a.doc.page >= 0) - (b.doc.page >= 0) || a.doc.number - b.doc.number)

  /* Sections under their page, as Material shows them: the page first, unscored if unmatched. */
  const groups = new Map()
  for (const { doc, item } of items) {
    const page = doc.page >= 0 ? doc.page : doc.number
    if (!groups.has(page))
      groups.set(page, [])
    groups.get(page).push(item)
  }
  const shown = new Set(docs.map(doc => doc.number))
  const pages = await documents([...groups.keys()].filter(page => !shown.has(page)))
  for (const doc of pages)
    groups.get(doc.number).push({
      location: doc.location, title: escapeHTML(doc.title), text: "", score: 0, terms: {}
    })
  return {
    items: [...groups.values()],
    suggest: suggestion(words, terms, docs)
  }
}

/* A bonus for the query's words in a row: 3 when they are the whole title, 2 when they appear
   together in the title or the text (a phrase from a quote, a full name), else 1. */
function wholeness(doc, words) {
  if (words.length < 2)
    return 1
  const phrase = words.join(" ")
  if (tokens(doc.title).join(" ") === phrase)
    return 3
  return tokens(`${doc.title} ${doc.text}`).join(" ").includes(phrase) ? 2 : 1
}

/* The last word completed to the commonest longer word in the results' titles. */
function suggestion(words, terms, docs) {
  const last = words[words.length - 1]
  if (!last || !isPrefix(last))
    return []
  const counts = new Map()
  for (const doc of docs)
    for (const word of tokens(doc.title))
      if (word.startsWith(last) && word !== last)
        counts.set(word, (counts.get(word) || 0) + 1)
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  return best ? [...words.slice(0, -1), best[0]] : []
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      postMessage({ type: READY })
      break
    case QUERY: {
      const mine = ++latest
      let result
      try {
        result = await search(message.data)
      } catch (err) {
        console.warn(`search failed: ${err}`)
        result = { items: [] }
      }
      /* Answer only the newest query: the reader has typed on since an older one began. */
      if (mine === latest)
        postMessage({ type: RESULT, data: result })
      break
    }
  }
})
